import { host, optionalUrl, port, url } from '@webinar/config';
import { serviceBaseSchema } from '@webinar/http';
import { z } from 'zod';
import { DEFAULT_RTMPS_PORT } from './stream.constants';

export const streamConfigSchema = serviceBaseSchema.extend({
  PORT: port(8444),
  RTMPS_PORT: port(DEFAULT_RTMPS_PORT),
  /** Interface of the RTMPS listener (presenters connect from outside: 0.0.0.0 in production). */
  RTMPS_HOST: host('127.0.0.1'),
  /** Plain RTMP for the remuxer, always on 127.0.0.1; 0 picks a free port. */
  RTMP_LOOPBACK_PORT: port(0),
  /** The web app's origin, the only one CORS lets read media (e.g. https://webinar.example). */
  WEB_ORIGIN: optionalUrl(['https:', 'http:']),
  /** ffmpeg for the remuxer; else ffmpeg-static when installed, else `ffmpeg` on PATH. */
  FFMPEG_PATH: z.string().min(1).optional().describe('a path to an ffmpeg binary'),
  /** Names this node's revocation queue (each edge needs every revocation); default the host name. */
  INSTANCE_ID: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/).optional().describe('letters, digits, ".", "_" and "-"'),
  /** Where the edge reads the public keys that sign playback tokens. */
  PLAYBACK_JWKS_URL: url(['http:', 'https:']).describe('the URL of the playback-token key set (JWKS)'),
  /** PEM certificate and key of the media host; generated self-signed under DATA_DIR when absent. */
  TLS_CERT_FILE: z.string().min(1).optional().describe('a path to a PEM certificate'),
  TLS_KEY_FILE: z.string().min(1).optional().describe('a path to a PEM private key'),
});
export type StreamConfig = z.infer<typeof streamConfigSchema>;
