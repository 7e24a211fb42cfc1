// The auth process's environment, validated at boot. Every auth setting is parsed, defaulted and
// bounded here and nowhere else: `authSettingsEnv` holds auth's own variables (the standalone shape
// composes it), `authConfigSchema` adds the process's, and `authSettings()` turns a parsed
// configuration into the module's settings with no second round of defaults.
import { durationSeconds, optionalUrl, port, secret, url } from '@webinar/config';
import { serviceBaseSchema } from '@webinar/http';
import { join } from 'node:path';
import { z } from 'zod';
import {
  type AuthSettings,
  DEFAULT_BREAK_GLASS_MAX_SECONDS,
  DEFAULT_CAMPAIGN_SIGNUP_TTL_SECONDS,
  MAX_CAMPAIGN_SIGNUP_TTL_SECONDS,
  MAX_ELEVATION_SECONDS,
  MAX_INVITATION_TTL_SECONDS,
  MAX_LOGIN_LINK_TTL_SECONDS,
} from './auth.options';

const count = (defaultValue: number, max: number, what: string) =>
  z.coerce.number().int().min(1).max(max).default(defaultValue).describe(`a whole number of ${what} from 1 to ${max}`);

/** auth's own variables, whatever the shape (the standalone composes these). */
export const authSettingsEnv = z.object({
  /** The origin users open; links in e-mails point there and it is the only Origin accepted on POSTs. */
  PUBLIC_URL: url(['https']).describe('the https:// URL users open (e.g. https://webinar.example.nl)'),
  ROOT_EMAIL: z.email().default('root@localhost').describe('the e-mail address of the first root account'),
  /** Without it, mails are written to <DATA_DIR>/mailbox/ for the operator. */
  SMTP_URL: secret(optionalUrl(['smtp', 'smtps'])),
  MAIL_FROM: z.email().optional().describe('the sender address of mails (default webinar@<PUBLIC_URL host>)'),
  LOGIN_LINK_TTL: durationSeconds(600, { max: MAX_LOGIN_LINK_TTL_SECONDS }),
  INVITATION_TTL: durationSeconds(MAX_INVITATION_TTL_SECONDS, { max: MAX_INVITATION_TTL_SECONDS }),
  SESSION_IDLE_TIMEOUT: durationSeconds(1800, { max: 24 * 3600 }),
  SESSION_ABSOLUTE_TIMEOUT: durationSeconds(12 * 3600, { max: 7 * 24 * 3600 }),
  /** The longest root elevation anyone may request (≤ 8 h). */
  ELEVATION_MAX_SECONDS: durationSeconds(MAX_ELEVATION_SECONDS, { max: MAX_ELEVATION_SECONDS }),
  /** How often this process looks for expired elevations to audit. */
  ELEVATION_SWEEP_SECONDS: durationSeconds(30, { max: 3600 }),
  /** The operator's break-glass secret lives in this file (read once at start, never logged); unset = disabled. */
  BREAK_GLASS_SECRET_FILE: z.string().min(1).optional().describe('a path to a file holding the break-glass secret (≥ 32 characters)'),
  /** Longest break-glass (self-approved) elevation; never more than ELEVATION_MAX_SECONDS. */
  BREAK_GLASS_MAX_SECONDS: durationSeconds(DEFAULT_BREAK_GLASS_MAX_SECONDS, { max: MAX_ELEVATION_SECONDS }),
  CAMPAIGN_SIGNUP_TTL: durationSeconds(DEFAULT_CAMPAIGN_SIGNUP_TTL_SECONDS, { max: MAX_CAMPAIGN_SIGNUP_TTL_SECONDS }),
  /** Requests per minute and client address on the public link routes (shared by every auth process). */
  RATE_LIMIT_PER_ADDRESS: count(30, 1_000_000, 'requests per minute'),
  /** Login-link requests per 10 minutes and e-mail address. */
  RATE_LIMIT_PER_ACCOUNT: count(5, 1_000_000, 'requests per 10 minutes'),
  /** First wait of the per-account password backoff after 3 failures; doubles, ≤ 15 min. */
  PASSWORD_BACKOFF_BASE_SECONDS: durationSeconds(1, { max: 60 }),
});
export type AuthSettingsEnv = z.infer<typeof authSettingsEnv>;

export const authConfigSchema = serviceBaseSchema.extend({
  ...authSettingsEnv.shape,
  PORT: port(3001),
  /** Folder of auth's key sets (generated at first start unless the operator supplies them). */
  KEYS_DIR: z.string().min(1).optional().describe('a folder for key sets (default: <DATA_DIR>/keys)'),
  /** The secret (≥ 32 characters) shared with the media tier, which signs its calls to /auth/internal/… with it. */
  MEDIA_INTERNAL_SECRET_FILE: z.string().min(1).optional().describe('a path to a file holding the media-tier secret'),
});
export type AuthConfig = z.infer<typeof authConfigSchema>;

export interface AuthPlacement {
  dataDir: string;
  /** Default `<dataDir>/keys`. */
  keysDir?: string;
  /** Where the one-time root login link is written (mode 0600); unset = kept in memory and logged by the banner only. */
  rootLinkFile?: string;
}

/** The module's settings from a parsed configuration: renames and derived values only, no defaults. */
export function authSettings(env: AuthSettingsEnv, placement: AuthPlacement): AuthSettings {
  const publicUrl = new URL(env.PUBLIC_URL);
  return {
    publicOrigin: publicUrl.origin,
    keysDir: placement.keysDir ?? join(placement.dataDir, 'keys'),
    mailboxDir: join(placement.dataDir, 'mailbox'),
    rootEmail: env.ROOT_EMAIL,
    rootLinkFile: placement.rootLinkFile,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM ?? `webinar@${publicUrl.hostname}`,
    loginLinkTtlSeconds: env.LOGIN_LINK_TTL,
    invitationTtlSeconds: env.INVITATION_TTL,
    sessionIdleSeconds: env.SESSION_IDLE_TIMEOUT,
    sessionAbsoluteSeconds: env.SESSION_ABSOLUTE_TIMEOUT,
    rateLimitPerAddress: env.RATE_LIMIT_PER_ADDRESS,
    rateLimitPerAccount: env.RATE_LIMIT_PER_ACCOUNT,
    passwordBackoffBaseSeconds: env.PASSWORD_BACKOFF_BASE_SECONDS,
    elevationMaxSeconds: env.ELEVATION_MAX_SECONDS,
    breakGlassSecretFile: env.BREAK_GLASS_SECRET_FILE,
    // Break-glass is an elevation: it can be configured shorter, never longer.
    breakGlassMaxSeconds: Math.min(env.BREAK_GLASS_MAX_SECONDS, env.ELEVATION_MAX_SECONDS),
    elevationSweepSeconds: env.ELEVATION_SWEEP_SECONDS,
    campaignSignupTtlSeconds: env.CAMPAIGN_SIGNUP_TTL,
  };
}
