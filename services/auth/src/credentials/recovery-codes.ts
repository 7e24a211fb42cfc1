// Recovery codes (ASVS 6.3.x lookup secrets): ten per enrolment, shown once, stored only as hashes,
// each usable once. 120 random bits per code, so an unsalted-speed hash (SHA-256, with the user id
// mixed in) is enough: the space cannot be searched, unlike a password's.
import { hashToken } from '@webinar/security';
import { randomBytes } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
/** Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or retyped survives. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const GROUPS = 6;
const GROUP_LENGTH = 4;

/** `xxxx-xxxx-xxxx-xxxx-xxxx-xxxx`: 24 symbols of 5 bits = 120 bits. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(GROUPS * GROUP_LENGTH);
  const symbols = [...bytes].map((b) => ALPHABET[b & 31]!).join('');
  return symbols.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g'))!.join('-');
}

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
}

/**
 * The canonical form of a typed code: case, spaces and dashes ignored, and the letters Crockford's
 * alphabet leaves out read as the digits they look like. Undefined when it cannot be a code.
 */
export function normaliseRecoveryCode(input: string): string | undefined {
  const compact = input
    .toLowerCase()
    .replace(/[\s-]/g, '')
    .replace(/[il]/g, '1')
    .replace(/o/g, '0');
  if (compact.length !== GROUPS * GROUP_LENGTH) return undefined;
  return [...compact].every((c) => ALPHABET.includes(c)) ? compact : undefined;
}

/** What is stored: bound to the user, so equal codes of two users (never expected) hash apart. */
export function recoveryCodeHash(userId: string, normalisedCode: string): string {
  return hashToken(`${userId}:${normalisedCode}`);
}
