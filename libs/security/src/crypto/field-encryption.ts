// Application-level encryption of personal fields (names, e-mail addresses) before they reach the
// database: AES-256-GCM with a key per subject, a random 96-bit nonce per value, and the subject id
// bound into the authenticated data so a ciphertext copied onto another row does not decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CryptoError } from '../errors/crypto-error';
import { deriveSubjectKey, MASTER_KEY_BYTES, type SubjectSaltLookup } from './subject-keys';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** Used when no salt lookup is given: keys are still per subject, but cannot be shredded. */
const NO_SALT = new Uint8Array(0);

function associatedData(subjectId: string, aad: string | undefined): Buffer {
  // JSON keeps the parts unambiguous whatever characters the subject id or aad contain.
  return Buffer.from(JSON.stringify([VERSION, subjectId, aad ?? '']), 'utf8');
}

function decodePart(part: string | undefined, expectedBytes?: number): Buffer {
  if (part === undefined || !BASE64URL.test(part)) throw new CryptoError('CRYPTO.MALFORMED');
  const bytes = Buffer.from(part, 'base64url');
  if (expectedBytes !== undefined && bytes.length !== expectedBytes)
    throw new CryptoError('CRYPTO.MALFORMED');
  return bytes;
}

export class FieldCipher {
  private constructor(
    private readonly masterKey: Uint8Array,
    private readonly subjectSalts: SubjectSaltLookup | undefined,
  ) {}

  /**
   * @param key the tenant's 32-byte master key (copied).
   * @param subjectSalts per-subject salts; without it keys cannot be crypto-shredded per subject.
   */
  static fromMasterKey(key: Uint8Array, subjectSalts?: SubjectSaltLookup): FieldCipher {
    if (key.length !== MASTER_KEY_BYTES)
      throw new CryptoError('CRYPTO.BAD_KEY', 'The master key must be 32 bytes.');
    return new FieldCipher(new Uint8Array(key), subjectSalts);
  }

  /** `v1.<nonce>.<ciphertext>.<tag>`, each part base64url. */
  encrypt(subjectId: string, plaintext: string, aad?: string): string {
    const key = this.subjectKey(subjectId);
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(subjectId, aad));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    key.fill(0);
    return [VERSION, nonce, ciphertext, tag]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  decrypt(subjectId: string, ciphertext: string, aad?: string): string {
    const parts = typeof ciphertext === 'string' ? ciphertext.split('.') : [];
    if (parts.length !== 4 || parts[0] !== VERSION) throw new CryptoError('CRYPTO.MALFORMED');
    const nonce = decodePart(parts[1], NONCE_BYTES);
    const body = decodePart(parts[2]);
    const tag = decodePart(parts[3], TAG_BYTES);
    const key = this.subjectKey(subjectId);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(subjectId, aad));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new CryptoError('CRYPTO.TAMPERED');
    } finally {
      key.fill(0);
    }
  }

  private subjectKey(subjectId: string): Buffer {
    const salt = this.subjectSalts ? this.subjectSalts(subjectId) : NO_SALT;
    if (!salt) throw new CryptoError('CRYPTO.KEY_DESTROYED');
    return deriveSubjectKey(this.masterKey, subjectId, salt);
  }
}
