// What a composition root hands the auth module: its settings (parsed once, in config.ts), keys and
// database; and the hard bounds those settings are parsed against.
import type { InternalCredential, KeySet } from '@webinar/security';

export interface AuthModuleOptions {
  databaseUrl?: string;
  dataDir: string;
  /** The key set that signs access tokens (generated at first start or supplied by the operator). */
  accessKeys: KeySet;
  /** Every setting, parsed and defaulted once: `authSettings()` in config.ts. */
  settings: AuthSettings;
  /**
   * The secret shared with the media tier (`MEDIA_INTERNAL_SECRET_FILE`): `/auth/internal/…` (the
   * revocation snapshot stream nodes load at start) accepts only requests signed with it; absent, none.
   */
  internalCredential?: InternalCredential;
}

export interface AuthSettings {
  publicOrigin: string;
  keysDir: string;
  mailboxDir: string;
  rootEmail: string;
  rootLinkFile: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  loginLinkTtlSeconds: number;
  invitationTtlSeconds: number;
  sessionIdleSeconds: number;
  sessionAbsoluteSeconds: number;
  rateLimitPerAddress: number;
  rateLimitPerAccount: number;
  passwordBackoffBaseSeconds: number;
  elevationMaxSeconds: number;
  breakGlassSecretFile: string | undefined;
  breakGlassMaxSeconds: number;
  elevationSweepSeconds: number;
  campaignSignupTtlSeconds: number;
}

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

/** ASVS 6.4.1/6.5: the hard upper bounds, whatever the configuration says. */
export const MAX_LOGIN_LINK_TTL_SECONDS = 600;
export const MAX_INVITATION_TTL_SECONDS = 72 * 3600;
/** Nobody holds root for longer than a working day's stretch; configuration can only shorten it. */
export const MAX_ELEVATION_SECONDS = 8 * 3600;
/** Break-glass is for emergencies: one hour unless the operator says less. */
export const DEFAULT_BREAK_GLASS_MAX_SECONDS = 3600;
/** The person is waiting for this mail, but a first mail from us is often greylisted (see identity.md). */
export const DEFAULT_CAMPAIGN_SIGNUP_TTL_SECONDS = 3600;
export const MAX_CAMPAIGN_SIGNUP_TTL_SECONDS = 24 * 3600;
