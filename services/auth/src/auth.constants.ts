/** URL prefix of every auth route, in both shapes (nginx routes /auth/ here unchanged). */
export const AUTH_PREFIX = 'auth';
/** The PostgreSQL schema auth owns; no other service reads it. */
export const AUTH_SCHEMA = 'auth';
/** The inbox consumer name and queue of auth's subscription to company events. */
export const AUTH_COMPANY_CONSUMER = 'auth.companies';
/** The inbox consumer name and queue of auth's subscription to registration events (prospect → customer). */
export const AUTH_REGISTRATION_CONSUMER = 'auth.registrations';
/** The audience of access tokens meant for auth itself. */
export const AUTH_AUDIENCE = 'auth';
/**
 * The session cookie. The `__Host-` prefix makes the browser refuse it unless it is Secure, has
 * Path=/ and no Domain, so a sibling sub-domain can neither set nor overwrite it.
 */
export const SESSION_COOKIE = '__Host-session';
/** Audiences an access token may be requested for (one per service that verifies them). */
export const ACCESS_TOKEN_AUDIENCES = ['auth', 'cms', 'polls', 'stream'] as const;
export type AccessTokenAudience = (typeof ACCESS_TOKEN_AUDIENCES)[number];
