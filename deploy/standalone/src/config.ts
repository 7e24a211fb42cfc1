// The standalone shape's environment. Everything has a default so `npm start` works on a fresh
// machine; DATABASE_URL and AMQP_URL switch from the embedded database and in-process bus to the
// real servers. The services' own variables are theirs (auth's and cms's schemas, composed here, so
// SESSION_IDLE_TIMEOUT or PLAYBACK_TOKEN_TTL_SECONDS mean the same in both shapes); this file adds only
// what one process needs, and what it derives from PUBLIC_HOST and its ports (PUBLIC_URL, the RTMPS URL).
import { authSettingsEnv } from '@webinar/auth';
import { cmsSettingsEnv } from '@webinar/cms';
import { booleanFlag, dataDir, host, logLevel, optionalUrl, port } from '@webinar/config';
import { z } from 'zod';

export const standaloneConfigSchema = z.object({
  ...authSettingsEnv.omit({ PUBLIC_URL: true }).shape,
  ...cmsSettingsEnv.omit({ MEDIA_RTMPS_URL: true, MEDIA_EDGE_URL: true }).shape,
  HOST: host('127.0.0.1'),
  PORT: port(8443),
  STREAM_PORT: port(8444),
  RTMPS_PORT: port(1936),
  /** Prometheus metrics of the web tier on an internal port (loopback by default); 0 turns it off. */
  METRICS_PORT: port(0),
  METRICS_HOST: host('127.0.0.1'),
  /** The media tier's metrics (its own process, ADR-9) on METRICS_HOST; 0 (default) turns them off. */
  MEDIA_METRICS_PORT: port(0),
  PUBLIC_HOST: z.string().min(1).default('localhost').describe('the host name browsers and OBS use'),
  DATA_DIR: dataDir(),
  DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']),
  AMQP_URL: optionalUrl(['amqp:', 'amqps:']),
  LOG_LEVEL: logLevel(),
  TLS_CERT_FILE: z.string().min(1).optional().describe('a path to a PEM certificate'),
  TLS_KEY_FILE: z.string().min(1).optional().describe('a path to a PEM private key'),
  /** Where players fetch media; default https://<PUBLIC_HOST>:<STREAM_PORT> (this process's media tier), so cms's own default does not apply. */
  MEDIA_EDGE_URL: optionalUrl(['https:']),
  /**
   * How long a live seminar waits for its presenter after the connection dropped or the media tier
   * restarted, before its stream ends (1–300 s, default 30; OBS reconnects within it).
   */
  RECONNECT_GRACE_SECONDS: z.coerce.number().int().min(1).max(300).default(30).describe('a whole number of seconds from 1 to 300'),
  /** Print the banner (URLs and the root link) on standard output. */
  PRINT_BANNER: booleanFlag(true),
});
export type StandaloneConfig = z.infer<typeof standaloneConfigSchema>;
