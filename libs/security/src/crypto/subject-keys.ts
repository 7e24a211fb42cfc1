// Per-subject key material for crypto-shredding: every subject (person) gets a random salt, and
// their field keys are derived from the tenant master key AND that salt. Destroying the salt makes
// every ciphertext of that subject undecryptable, even in backups, without touching the rows.
import { hkdfSync, randomBytes } from 'node:crypto';
import { CryptoError } from '../errors/crypto-error';

export const MASTER_KEY_BYTES = 32;
export const SUBJECT_SALT_BYTES = 32;
const MIN_SUBJECT_SALT_BYTES = 16;

/** Finds a subject's salt; undefined once it has been destroyed (or was never created). */
export type SubjectSaltLookup = (subjectId: string) => Uint8Array | undefined;

export function newSubjectSalt(): Uint8Array {
  return new Uint8Array(randomBytes(SUBJECT_SALT_BYTES));
}

/** HKDF-SHA256(masterKey, salt = subjectSalt, info = "field:" + subjectId) → 256-bit AES key. */
export function deriveSubjectKey(masterKey: Uint8Array, subjectId: string, subjectSalt: Uint8Array): Buffer {
  if (masterKey.length !== MASTER_KEY_BYTES)
    throw new CryptoError('CRYPTO.BAD_KEY', 'The master key must be 32 bytes.');
  if (subjectSalt.length < MIN_SUBJECT_SALT_BYTES && subjectSalt.length !== 0) {
    throw new CryptoError('CRYPTO.BAD_KEY', 'A subject salt must be at least 16 bytes.');
  }
  return Buffer.from(hkdfSync('sha256', masterKey, subjectSalt, `field:${subjectId}`, 32));
}

/**
 * In-memory keyring of subject salts: the reference shape of what a service persists (one salt per
 * subject, in its own table) and a convenient lookup for tests and small tools.
 */
export class SubjectKeyring {
  private readonly salts = new Map<string, Uint8Array>();

  /** The subject's salt, created on first use. */
  ensure(subjectId: string): Uint8Array {
    let salt = this.salts.get(subjectId);
    if (!salt) {
      salt = newSubjectSalt();
      this.salts.set(subjectId, salt);
    }
    return salt;
  }

  /** Crypto-shredding: wipes and forgets the salt, so the subject's ciphertexts can no longer be read. */
  destroy(subjectId: string): void {
    this.salts.get(subjectId)?.fill(0);
    this.salts.delete(subjectId);
  }

  has(subjectId: string): boolean {
    return this.salts.has(subjectId);
  }

  readonly lookup: SubjectSaltLookup = (subjectId) => this.salts.get(subjectId);
}
