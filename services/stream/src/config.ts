import { port, url } from '@webinar/config';
import { serviceBaseSchema } from '@webinar/http';
import { z } from 'zod';
import { DEFAULT_RTMPS_PORT } from './stream.constants';

export const streamConfigSchema = serviceBaseSchema.extend({
  PORT: port(8444),
  RTMPS_PORT: port(DEFAULT_RTMPS_PORT),
  /** Where the edge reads the public keys that sign playback tokens. */
  PLAYBACK_JWKS_URL: url(['http:', 'https:']).describe('the URL of the playback-token key set (JWKS)'),
  /** PEM certificate and key of the media host; generated self-signed under DATA_DIR when absent. */
  TLS_CERT_FILE: z.string().min(1).optional().describe('a path to a PEM certificate'),
  TLS_KEY_FILE: z.string().min(1).optional().describe('a path to a PEM private key'),
});
export type StreamConfig = z.infer<typeof streamConfigSchema>;
