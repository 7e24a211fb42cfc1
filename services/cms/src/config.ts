// The cms process's environment, validated at boot (one schema per service).
import { serviceBaseSchema } from '@webinar/http';
import { port, url } from '@webinar/config';
import { z } from 'zod';
import { DEFAULT_MEDIA_EDGE_URL, MAX_PLAYBACK_TOKEN_TTL_SECONDS, MIN_PLAYBACK_TOKEN_TTL_SECONDS } from './media/playback-settings';

export const cmsConfigSchema = serviceBaseSchema.extend({
  PORT: port(3002),
  /** Where cms reads auth's public keys to verify access tokens locally. */
  AUTH_JWKS_URL: url(['http:', 'https:']).describe('the URL of auth\'s /auth/.well-known/jwks.json'),
  /** What presenters put in OBS as the server: the media tier's RTMPS ingest. */
  MEDIA_RTMPS_URL: url(['rtmps:', 'rtmp:']).default('rtmps://localhost:1936/live'),
  /** What players are told to play from with each playback token: the media edge (its origin). */
  MEDIA_EDGE_URL: url(['https:']).default(DEFAULT_MEDIA_EDGE_URL),
  /** Playback token lifetime; the player refreshes at 60–70 % of it. */
  PLAYBACK_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(MIN_PLAYBACK_TOKEN_TTL_SECONDS)
    .max(MAX_PLAYBACK_TOKEN_TTL_SECONDS)
    .default(MAX_PLAYBACK_TOKEN_TTL_SECONDS)
    .describe(`a whole number of seconds from ${MIN_PLAYBACK_TOKEN_TTL_SECONDS} to ${MAX_PLAYBACK_TOKEN_TTL_SECONDS}`),
  /**
   * The secret (≥ 32 characters, in a file the operator provides) shared with the media tier, which
   * signs its calls to /cms/internal/… with it. Unset: those routes refuse everything.
   */
  MEDIA_INTERNAL_SECRET_FILE: z.string().min(1).optional().describe('a path to a file holding the media-tier secret'),
});
export type CmsConfig = z.infer<typeof cmsConfigSchema>;
