export const STREAM_PREFIX = 'live';
/** Default RTMPS ingest port (presenters publish here from OBS). */
export const DEFAULT_RTMPS_PORT = 1936;
/** The audience of playback tokens (issued by cms, verified by the edge). */
export const STREAM_AUDIENCE = 'stream';
