// Field-encryption failures with stable codes. KEY_DESTROYED is an expected outcome after
// crypto-shredding (the data is gone on purpose); TAMPERED is an integrity alarm.

export type CryptoErrorCode =
  'CRYPTO.KEY_DESTROYED' | 'CRYPTO.TAMPERED' | 'CRYPTO.MALFORMED' | 'CRYPTO.BAD_KEY';

const messages: Record<CryptoErrorCode, string> = {
  'CRYPTO.KEY_DESTROYED': 'The key material for this subject has been destroyed.',
  'CRYPTO.TAMPERED': 'The ciphertext failed its integrity check.',
  'CRYPTO.MALFORMED': 'The ciphertext is malformed.',
  'CRYPTO.BAD_KEY': 'The key is not usable for this operation.',
};

export class CryptoError extends Error {
  constructor(
    readonly code: CryptoErrorCode,
    detail?: string,
  ) {
    super(detail ? `${messages[code]} ${detail}` : messages[code]);
    this.name = 'CryptoError';
  }
}
