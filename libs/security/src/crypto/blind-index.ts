// Lets a service find a row by an encrypted value (an e-mail address) without decrypting every row:
// store HMAC(key, normalised value) beside the ciphertext and look up by it. Keyed, so that a leaked
// table cannot be matched against a list of known addresses.
import { createHmac } from 'node:crypto';
import { CryptoError } from '../errors/crypto-error';

const MIN_KEY_BYTES = 32;

/** NFKC, trimmed, lower case: "  Alice@Example.COM " and "alice@example.com" index the same. */
export function normaliseForBlindIndex(value: string): string {
  return value.normalize('NFKC').trim().toLowerCase();
}

export function blindIndex(key: Uint8Array, value: string): string {
  if (key.length < MIN_KEY_BYTES)
    throw new CryptoError('CRYPTO.BAD_KEY', 'A blind-index key must be at least 32 bytes.');
  return createHmac('sha256', key).update(normaliseForBlindIndex(value), 'utf8').digest('hex');
}
