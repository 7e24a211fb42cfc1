/** URL prefix of every auth route, in both shapes (nginx routes /auth/ here unchanged). */
export const AUTH_PREFIX = 'auth';
/** The PostgreSQL schema auth owns; no other service reads it. */
export const AUTH_SCHEMA = 'auth';
/** The inbox consumer name and queue of auth's subscription to company events. */
export const AUTH_COMPANY_CONSUMER = 'auth.companies';
/** The audience of access tokens meant for auth itself. */
export const AUTH_AUDIENCE = 'auth';
