export const STREAM_PREFIX = 'live';
/** Default RTMPS ingest port (presenters publish here from OBS). */
export const DEFAULT_RTMPS_PORT = 1936;
/** Default port of an ingest's origin endpoint (edges fetch from it; internal network only). */
export const DEFAULT_ORIGIN_PORT = 8445;
/** The audience of playback tokens (issued by cms, verified by the edge). */
export const STREAM_AUDIENCE = 'stream';

/** What one stream process does: everything (one node), RTMPS ingest + origin only, or viewers only. */
export const STREAM_ROLES = ['all', 'ingest', 'edge'] as const;
export type StreamRole = (typeof STREAM_ROLES)[number];
