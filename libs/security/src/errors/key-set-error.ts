// Misuse or bad configuration of key sets: programming or operator errors, not token failures.

export type KeySetErrorCode =
  'KEYS.INVALID' | 'KEYS.WRONG_USE' | 'KEYS.AMBIGUOUS' | 'KEYS.UNKNOWN_KID' | 'KEYS.ACTIVE_KEY';

export class KeySetError extends Error {
  constructor(
    readonly code: KeySetErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KeySetError';
  }
}
