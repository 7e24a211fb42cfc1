// The cms process's environment, validated at boot (one schema per service).
import { serviceBaseSchema } from '@webinar/http';
import { port, url } from '@webinar/config';
import { type z } from 'zod';

export const cmsConfigSchema = serviceBaseSchema.extend({
  PORT: port(3002),
  /** Where cms reads auth's public keys to verify access tokens locally. */
  AUTH_JWKS_URL: url(['http:', 'https:']).describe('the URL of auth\'s /auth/.well-known/jwks.json'),
  /** What presenters put in OBS as the server: the media tier's RTMPS ingest. */
  MEDIA_RTMPS_URL: url(['rtmps:', 'rtmp:']).default('rtmps://localhost:1936/live'),
});
export type CmsConfig = z.infer<typeof cmsConfigSchema>;
