// Encrypted tokens (login links, invitations): their contents are readable only by the service that
// made them, and AES-GCM makes them tamper-evident. `dir` + A256GCM: one shared secret, no key wrapping.
import { EncryptJWT } from 'jose';
import { KeySetError } from '../errors/key-set-error';
import type { KeySet } from '../keys/key-set';

export const JWE_ALG = 'dir';
export const JWE_ENC = 'A256GCM';

export interface EncryptJweOptions {
  typ: string;
  expiresInSeconds: number;
}

export async function encryptJwe(
  keys: KeySet,
  payload: Record<string, unknown>,
  opts: EncryptJweOptions,
): Promise<string> {
  if (keys.use !== 'enc')
    throw new KeySetError('KEYS.WRONG_USE', 'JWEs are encrypted with an "enc" key set.');
  if (!Number.isFinite(opts.expiresInSeconds) || opts.expiresInSeconds <= 0) {
    throw new RangeError('expiresInSeconds must be a positive number.');
  }
  const { kid, key } = keys.activeKey();
  const now = Math.floor(Date.now() / 1000);
  return new EncryptJWT(payload)
    .setProtectedHeader({ alg: JWE_ALG, enc: JWE_ENC, kid, typ: opts.typ })
    .setIssuedAt(now)
    .setExpirationTime(now + Math.floor(opts.expiresInSeconds))
    .encrypt(key);
}
