// The cms process's environment, validated at boot. Every cms setting is parsed, defaulted and
// bounded here and nowhere else: `cmsSettingsEnv` holds cms's own variables (the standalone shape
// composes it), `cmsConfigSchema` adds the process's, and `cmsSettings()` turns a parsed configuration
// into the module's settings with no second round of defaults.
import { serviceBaseSchema } from '@webinar/http';
import { port, url } from '@webinar/config';
import { z } from 'zod';
import type { CmsSettings } from './cms.options';
import { MAX_PLAYBACK_TOKEN_TTL_SECONDS, MIN_PLAYBACK_TOKEN_TTL_SECONDS } from './media/playback-settings';

/** cms's own variables, whatever the shape. */
export const cmsSettingsEnv = z.object({
  /** What presenters put in OBS as the server: the media tier's RTMPS ingest. */
  MEDIA_RTMPS_URL: url(['rtmps:', 'rtmp:']).default('rtmps://localhost:1936/live'),
  /** What players are told to play from with each playback token: the media edge (its origin); https only, a token never travels in clear. */
  MEDIA_EDGE_URL: url(['https:']).default('https://localhost:8444'),
  /** Playback token lifetime; the player refreshes at 60–70 % of it. */
  PLAYBACK_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(MIN_PLAYBACK_TOKEN_TTL_SECONDS)
    .max(MAX_PLAYBACK_TOKEN_TTL_SECONDS)
    .default(MAX_PLAYBACK_TOKEN_TTL_SECONDS)
    .describe(`a whole number of seconds from ${MIN_PLAYBACK_TOKEN_TTL_SECONDS} to ${MAX_PLAYBACK_TOKEN_TTL_SECONDS}`),
});
export type CmsSettingsEnv = z.infer<typeof cmsSettingsEnv>;

export const cmsConfigSchema = serviceBaseSchema.extend({
  ...cmsSettingsEnv.shape,
  PORT: port(3002),
  /** Where cms reads auth's public keys to verify access tokens locally. */
  AUTH_JWKS_URL: url(['http:', 'https:']).describe('the URL of auth\'s /auth/.well-known/jwks.json'),
  /**
   * The secret (≥ 32 characters, in a file the operator provides) shared with the media tier, which
   * signs its calls to /cms/internal/… with it. Unset: those routes refuse everything.
   */
  MEDIA_INTERNAL_SECRET_FILE: z.string().min(1).optional().describe('a path to a file holding the media-tier secret'),
});
export type CmsConfig = z.infer<typeof cmsConfigSchema>;

/** The module's settings from a parsed configuration: renames and derived values only, no defaults. */
export function cmsSettings(env: CmsSettingsEnv): CmsSettings {
  return {
    mediaRtmpsUrl: env.MEDIA_RTMPS_URL,
    playback: { ttlSeconds: env.PLAYBACK_TOKEN_TTL_SECONDS, edgeOrigin: new URL(env.MEDIA_EDGE_URL).origin },
  };
}
