export const ACCESS_TOKEN_VERIFIER = Symbol('ACCESS_TOKEN_VERIFIER');
/** The passport strategy name the guard authenticates with. */
export const ACCESS_TOKEN_STRATEGY = 'access-token';
