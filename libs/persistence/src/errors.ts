// One error type with stable string codes, so callers (and tests) can tell failures apart without
// matching on message text.
export type PersistenceErrorCode =
  | 'INVALID_IDENTIFIER'
  | 'INVALID_TENANT'
  | 'UNSAFE_APP_ROLE'
  | 'MISSING_ROLE'
  | 'CANNOT_ACT_AS_OWNER'
  | 'EMBEDDED_SESSION_TIMEOUT'
  | 'EMBEDDED_CLIENT_RELEASED'
  | 'EMBEDDED_UNSUPPORTED';

export class PersistenceError extends Error {
  override readonly name = 'PersistenceError';

  constructor(
    readonly code: PersistenceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
