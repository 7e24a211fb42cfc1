// What a composition root hands the auth module, and the settings the module derives from it.
import type { InternalCredential, KeySet } from '@webinar/security';
import { join } from 'node:path';

export interface AuthModuleOptions {
  databaseUrl?: string;
  dataDir: string;
  /** The key set that signs access tokens (generated at first start or supplied by the operator). */
  accessKeys: KeySet;
  /** Folder of auth's other key sets (links, e-mail encryption, e-mail index). Default `<dataDir>/keys`. */
  keysDir?: string;
  /** The https origin users open (links in e-mails point there; it is also the only allowed Origin). */
  publicUrl?: string;
  /** The address of the root account created at first start. */
  rootEmail?: string;
  /** When set, the root login link is written to this file (mode 0600) instead of only kept in memory. */
  rootLinkFile?: string;
  /** `smtp://` or `smtps://`; without it, messages go to `<dataDir>/mailbox/`. */
  smtpUrl?: string;
  mailFrom?: string;
  loginLinkTtlSeconds?: number;
  invitationTtlSeconds?: number;
  sessionIdleSeconds?: number;
  sessionAbsoluteSeconds?: number;
  /** Requests per minute and client address on the public link routes. */
  rateLimitPerAddress?: number;
  /** Login-link requests per 10 minutes and e-mail address. */
  rateLimitPerAccount?: number;
  /** First wait (seconds) of the per-account password backoff after 3 failures; doubles, ≤ 15 min. Default 1. */
  passwordBackoffBaseSeconds?: number;
  /** Longest root elevation a request may ask for (hard cap 8 h). */
  elevationMaxSeconds?: number;
  /** A file holding the operator's break-glass secret; absent = break-glass disabled. Never logged. */
  breakGlassSecretFile?: string;
  /** Longest break-glass (self-approved) elevation; at most `elevationMaxSeconds`. */
  breakGlassMaxSeconds?: number;
  /** How often this process looks for expired elevations to audit. */
  elevationSweepSeconds?: number;
  /** Lifetime of the sign-up link a campaign answer mails (hard cap 24 h). */
  campaignSignupTtlSeconds?: number;
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

export function resolveAuthSettings(opts: AuthModuleOptions): AuthSettings {
  const publicUrl = new URL(opts.publicUrl ?? 'https://localhost:8443');
  if (publicUrl.protocol !== 'https:') throw new Error('PUBLIC_URL must be an https:// URL.');
  const bounded = (value: number | undefined, fallback: number, max: number): number =>
    Math.min(Math.max(1, Math.floor(value ?? fallback)), max);
  return {
    publicOrigin: publicUrl.origin,
    keysDir: opts.keysDir ?? join(opts.dataDir, 'keys'),
    mailboxDir: join(opts.dataDir, 'mailbox'),
    rootEmail: opts.rootEmail ?? 'root@localhost',
    rootLinkFile: opts.rootLinkFile,
    smtpUrl: opts.smtpUrl,
    mailFrom: opts.mailFrom ?? `webinar@${publicUrl.hostname}`,
    loginLinkTtlSeconds: bounded(opts.loginLinkTtlSeconds, 600, MAX_LOGIN_LINK_TTL_SECONDS),
    invitationTtlSeconds: bounded(opts.invitationTtlSeconds, MAX_INVITATION_TTL_SECONDS, MAX_INVITATION_TTL_SECONDS),
    sessionIdleSeconds: bounded(opts.sessionIdleSeconds, 1800, 24 * 3600),
    sessionAbsoluteSeconds: bounded(opts.sessionAbsoluteSeconds, 12 * 3600, 7 * 24 * 3600),
    rateLimitPerAddress: bounded(opts.rateLimitPerAddress, 30, 1_000_000),
    rateLimitPerAccount: bounded(opts.rateLimitPerAccount, 5, 1_000_000),
    passwordBackoffBaseSeconds: bounded(opts.passwordBackoffBaseSeconds, 1, 60),
    ...elevationSettings(opts, bounded),
    campaignSignupTtlSeconds: bounded(opts.campaignSignupTtlSeconds, DEFAULT_CAMPAIGN_SIGNUP_TTL_SECONDS, MAX_CAMPAIGN_SIGNUP_TTL_SECONDS),
  };
}

function elevationSettings(
  opts: AuthModuleOptions,
  bounded: (value: number | undefined, fallback: number, max: number) => number,
): Pick<AuthSettings, 'elevationMaxSeconds' | 'breakGlassSecretFile' | 'breakGlassMaxSeconds' | 'elevationSweepSeconds'> {
  const elevationMaxSeconds = bounded(opts.elevationMaxSeconds, MAX_ELEVATION_SECONDS, MAX_ELEVATION_SECONDS);
  return {
    elevationMaxSeconds,
    breakGlassSecretFile: opts.breakGlassSecretFile,
    breakGlassMaxSeconds: bounded(opts.breakGlassMaxSeconds, Math.min(DEFAULT_BREAK_GLASS_MAX_SECONDS, elevationMaxSeconds), elevationMaxSeconds),
    elevationSweepSeconds: bounded(opts.elevationSweepSeconds, 30, 3600),
  };
}
