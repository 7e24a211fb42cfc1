// Opaque secrets (refresh tokens, one-time codes, CSRF nonces) and how to store and compare them.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** SHA-256 hex: what is stored instead of a high-entropy token, so a database leak reveals no usable token. */
export function hashToken(secret: string | Uint8Array): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** `bytes` from the CSPRNG, base64url (32 bytes = 256 bits by default). */
export function randomToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 16) throw new RangeError('A token needs at least 16 random bytes.');
  return randomBytes(bytes).toString('base64url');
}

/** 128 random bits, base64url (22 characters). */
export function randomNonce128(): string {
  return randomBytes(16).toString('base64url');
}

const HEX = /^(?:[0-9a-f]{2})*$/i;

/** Constant-time equality of two hex strings (e.g. token hashes); false for malformed input or unequal lengths. */
export function timingSafeEqualHex(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || !HEX.test(a) || !HEX.test(b)) return false;
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  // Lengths of hashes are public; only the contents must not leak through timing.
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}
