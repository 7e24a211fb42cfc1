// The operator's key pair. The backup job holds only the public key (it wraps each backup's random
// data key for it); restoring needs the private key, which stays with the operator (ideally offline,
// passphrase-protected). RSA-OAEP with SHA-256 and a modulus of at least 3072 bits (≈ 128-bit
// security, the same level as the AES-256-GCM data encryption needs at minimum).
import {
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
} from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { BackupError } from '../errors';

export const MIN_RSA_BITS = 3072;
export const KEY_WRAP = 'RSA-OAEP-256';

export interface RecipientKey {
  readonly key: KeyObject;
  /** `sha256:` + the first 32 hex digits of SHA-256 over the public key's SPKI DER. */
  readonly keyId: string;
}

export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(der).digest('hex').slice(0, 32)}`;
}

function assertSuitable(key: KeyObject, which: string): void {
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa' || bits < MIN_RSA_BITS) {
    throw new BackupError(
      'BACKUP.KEY_UNSUITABLE',
      `the ${which} must be an RSA key of at least ${MIN_RSA_BITS} bits (got ${key.asymmetricKeyType ?? 'unknown'}${bits ? ` ${bits} bits` : ''})`,
    );
  }
}

export function publicRecipient(pem: string | Buffer): RecipientKey {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new BackupError('BACKUP.KEY_UNREADABLE', 'the public key is not a PEM public key', { cause: error });
  }
  assertSuitable(key, 'public key');
  return { key, keyId: keyIdOf(key) };
}

export function privateRecipient(pem: string | Buffer, passphrase?: string): RecipientKey {
  let key: KeyObject;
  try {
    key = createPrivateKey(passphrase === undefined ? { key: pem } : { key: pem, passphrase });
  } catch (error) {
    // Node's message may say "bad decrypt" or name the format; it never quotes the key, but we add
    // nothing of the input either.
    throw new BackupError(
      'BACKUP.KEY_UNREADABLE',
      'the private key cannot be read (not a PEM private key, or a wrong or missing passphrase)',
      { cause: error },
    );
  }
  assertSuitable(key, 'private key');
  return { key, keyId: keyIdOf(createPublicKey(key)) };
}

export async function readPublicKeyFile(path: string): Promise<RecipientKey> {
  return publicRecipient(await readKeyFile(path, 'public key'));
}

export async function readPrivateKeyFile(path: string, passphraseFile?: string): Promise<RecipientKey> {
  const passphrase = passphraseFile ? (await readKeyFile(passphraseFile, 'passphrase')).toString('utf8').replace(/\r?\n$/, '') : undefined;
  return privateRecipient(await readKeyFile(path, 'private key'), passphrase);
}

async function readKeyFile(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new BackupError('BACKUP.KEY_UNREADABLE', `cannot read the ${what} file ${path}`, { cause: error });
  }
}

export function wrapDataKey(recipient: RecipientKey, dataKey: Buffer): Buffer {
  return publicEncrypt({ key: recipient.key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, dataKey);
}

export function unwrapDataKey(recipient: RecipientKey, wrapped: Buffer): Buffer {
  try {
    return privateDecrypt({ key: recipient.key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, wrapped);
  } catch (error) {
    throw new BackupError('BACKUP.WRONG_KEY', 'the private key does not unwrap this backup\'s data key', { cause: error });
  }
}
