// The auth process's environment, validated at boot (one schema per service).
import { durationSeconds, optionalUrl, port, secret, url } from '@webinar/config';
import { serviceBaseSchema } from '@webinar/http';
import { z } from 'zod';
import {
  DEFAULT_BREAK_GLASS_MAX_SECONDS,
  DEFAULT_CAMPAIGN_SIGNUP_TTL_SECONDS,
  MAX_CAMPAIGN_SIGNUP_TTL_SECONDS,
  MAX_ELEVATION_SECONDS,
  MAX_INVITATION_TTL_SECONDS,
  MAX_LOGIN_LINK_TTL_SECONDS,
} from './auth.options';

export const authConfigSchema = serviceBaseSchema.extend({
  PORT: port(3001),
  /** Folder of auth's key sets (generated at first start unless the operator supplies them). */
  KEYS_DIR: z.string().min(1).optional().describe('a folder for key sets (default: <DATA_DIR>/keys)'),
  /** The origin users open; links in e-mails point there and it is the only Origin accepted on POSTs. */
  PUBLIC_URL: url(['https']).describe('the https:// URL users open (e.g. https://webinar.example.nl)'),
  ROOT_EMAIL: z.email().default('root@localhost').describe('the e-mail address of the first root account'),
  SMTP_URL: secret(optionalUrl(['smtp', 'smtps'])),
  MAIL_FROM: z.email().optional().describe('the sender address of mails'),
  LOGIN_LINK_TTL: durationSeconds(600, { max: MAX_LOGIN_LINK_TTL_SECONDS }),
  INVITATION_TTL: durationSeconds(MAX_INVITATION_TTL_SECONDS, { max: MAX_INVITATION_TTL_SECONDS }),
  SESSION_IDLE_TIMEOUT: durationSeconds(1800, { max: 24 * 3600 }),
  SESSION_ABSOLUTE_TIMEOUT: durationSeconds(12 * 3600, { max: 7 * 24 * 3600 }),
  /** The longest root elevation anyone may request (≤ 8 h). */
  ELEVATION_MAX_SECONDS: durationSeconds(MAX_ELEVATION_SECONDS, { max: MAX_ELEVATION_SECONDS }),
  /** The operator's break-glass secret lives in this file (read once at start, never logged); unset = disabled. */
  BREAK_GLASS_SECRET_FILE: z.string().min(1).optional().describe('a path to a file holding the break-glass secret (≥ 32 characters)'),
  BREAK_GLASS_MAX_SECONDS: durationSeconds(DEFAULT_BREAK_GLASS_MAX_SECONDS, { max: MAX_ELEVATION_SECONDS }),
  CAMPAIGN_SIGNUP_TTL: durationSeconds(DEFAULT_CAMPAIGN_SIGNUP_TTL_SECONDS, { max: MAX_CAMPAIGN_SIGNUP_TTL_SECONDS }),
  /** The secret (≥ 32 characters) shared with the media tier, which signs its calls to /auth/internal/… with it. */
  MEDIA_INTERNAL_SECRET_FILE: z.string().min(1).optional().describe('a path to a file holding the media-tier secret'),
});
export type AuthConfig = z.infer<typeof authConfigSchema>;
