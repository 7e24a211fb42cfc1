import { host, optionalUrl, port, url } from '@webinar/config';
import { serviceBaseSchema } from '@webinar/http';
import { z } from 'zod';
import { DEFAULT_ORIGIN_PORT, DEFAULT_RTMPS_PORT, STREAM_ROLES } from './stream.constants';

export const streamConfigSchema = serviceBaseSchema
  .extend({
    PORT: port(8444),
    /**
     * `all` (default): ingest and edge in one process. `ingest`: RTMPS, remuxing and the origin endpoint
     * for edges, no viewers. `edge`: viewers only, fetching from the seminar's ingest node.
     */
    STREAM_ROLE: z.enum(STREAM_ROLES).default('all').describe(`one of ${STREAM_ROLES.join(', ')}`),
    RTMPS_PORT: port(DEFAULT_RTMPS_PORT),
    /** Interface of the RTMPS listener (presenters connect from outside: 0.0.0.0 in production). */
    RTMPS_HOST: host('127.0.0.1'),
    /** The web app's origin, the only one CORS lets read media (e.g. https://webinar.example). */
    WEB_ORIGIN: optionalUrl(['https:', 'http:']),
    /** ffmpeg for the remuxer; else ffmpeg-static when installed, else `ffmpeg` on PATH. */
    FFMPEG_PATH: z.string().min(1).optional().describe('a path to an ffmpeg binary'),
    /** Names this node (its bus queue, and the edge id it shows the origin); default the host name. */
    INSTANCE_ID: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/).optional().describe('letters, digits, ".", "_" and "-"'),
    /** Where the edge reads the public keys that sign playback tokens. */
    PLAYBACK_JWKS_URL: url(['http:', 'https:']).describe('the URL of the playback-token key set (JWKS)'),
    /** PEM certificate and key of the media host; generated self-signed under DATA_DIR when absent. */
    TLS_CERT_FILE: z.string().min(1).optional().describe('a path to a PEM certificate'),
    TLS_KEY_FILE: z.string().min(1).optional().describe('a path to a PEM private key'),
    /**
     * The shared secret (≥ 32 characters, in a file the operator provides) that edges sign their
     * origin requests with. An ingest without it serves no origin request at all; an edge needs it.
     */
    ORIGIN_SECRET_FILE: z.string().min(1).optional().describe('a path to a file holding the edge-to-origin secret'),
    /** Interface and port of the ingest's origin endpoint (internal network only). */
    ORIGIN_HOST: host('127.0.0.1'),
    ORIGIN_PORT: port(DEFAULT_ORIGIN_PORT),
    /** The URL edges reach this ingest's origin at (announced on the bus); default https://ORIGIN_HOST:ORIGIN_PORT. */
    ORIGIN_PUBLIC_URL: optionalUrl(['https:']),
    /** Edge: a single ingest for every seminar, used when no announcement from the bus names one. */
    STREAM_ORIGIN_URL: optionalUrl(['https:']),
    /** Edge: PEM certificate(s) to trust for the origin's TLS (e.g. the operator's internal CA). */
    ORIGIN_CA_FILE: z.string().min(1).optional().describe('a path to a PEM CA certificate'),
    /**
     * The secret (≥ 32 characters, in a file the operator provides) shared with cms and auth: this
     * node signs its internal calls with it (publish authorisation, revocation snapshot). Required:
     * without it no publish could be authorised and no snapshot loaded.
     */
    MEDIA_INTERNAL_SECRET_FILE: z.string().min(1).describe('a path to a file holding the media-tier secret shared with cms and auth'),
    /** cms's base URL for its internal routes; default the origin of PLAYBACK_JWKS_URL (cms's). */
    CMS_INTERNAL_URL: optionalUrl(['https:', 'http:']),
    /** auth's base URL for its revocation snapshot; required on nodes that serve viewers (all, edge). */
    AUTH_INTERNAL_URL: optionalUrl(['https:', 'http:']),
    /** PEM certificate(s) to trust for https to cms and auth (e.g. the operator's internal CA). */
    INTERNAL_CA_FILE: z.string().min(1).optional().describe('a path to a PEM CA certificate'),
  })
  .superRefine((config, ctx) => {
    if (config.STREAM_ROLE === 'edge' && !config.ORIGIN_SECRET_FILE) {
      ctx.addIssue({ code: 'custom', path: ['ORIGIN_SECRET_FILE'], message: 'an edge needs the origin secret' });
    }
    if (config.STREAM_ROLE !== 'ingest' && !config.AUTH_INTERNAL_URL) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_INTERNAL_URL'], message: 'a node serving viewers loads auth\'s revocation snapshot' });
    }
  });
export type StreamConfig = z.infer<typeof streamConfigSchema>;
