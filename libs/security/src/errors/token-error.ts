// One error type for every token failure so that callers branch on a stable code, never on jose's
// messages. The message is fixed per code: it can never echo the token or its claims into a log.

export type TokenErrorCode =
  | 'TOKEN.MALFORMED'
  | 'TOKEN.EXPIRED'
  | 'TOKEN.NOT_YET_VALID'
  | 'TOKEN.BAD_SIGNATURE'
  | 'TOKEN.WRONG_TYPE'
  | 'TOKEN.WRONG_AUDIENCE'
  | 'TOKEN.WRONG_ISSUER'
  | 'TOKEN.UNKNOWN_KEY'
  | 'TOKEN.ALG_NOT_ALLOWED'
  /** The token is valid but its session or user was revoked (access tokens only). */
  | 'TOKEN.REVOKED'
  /** The verification keys could not be fetched (remote JWKS down): not the token's fault. */
  | 'TOKEN.KEYS_UNAVAILABLE';

const messages: Record<TokenErrorCode, string> = {
  'TOKEN.MALFORMED': 'The token is malformed.',
  'TOKEN.EXPIRED': 'The token has expired.',
  'TOKEN.NOT_YET_VALID': 'The token is not valid yet.',
  'TOKEN.BAD_SIGNATURE': 'The token failed its integrity check.',
  'TOKEN.WRONG_TYPE': 'The token is of the wrong type.',
  'TOKEN.WRONG_AUDIENCE': 'The token is meant for another audience.',
  'TOKEN.WRONG_ISSUER': 'The token comes from an unexpected issuer.',
  'TOKEN.UNKNOWN_KEY': 'The token was made with an unknown key.',
  'TOKEN.ALG_NOT_ALLOWED': 'The token uses an algorithm that is not allowed.',
  'TOKEN.REVOKED': 'The token has been revoked.',
  'TOKEN.KEYS_UNAVAILABLE': 'The verification keys are unavailable.',
};

export class TokenError extends Error {
  constructor(readonly code: TokenErrorCode) {
    super(messages[code]);
    this.name = 'TokenError';
  }
}

export function isTokenError(error: unknown): error is TokenError {
  return error instanceof TokenError;
}
