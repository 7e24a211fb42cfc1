/** Injection token of auth's signing key set (access tokens). */
export const ACCESS_KEYS = Symbol('ACCESS_KEYS');
