import { jwtDecrypt } from 'jose';
import { KeySetError } from '../errors/key-set-error';
import { TokenError } from '../errors/token-error';
import type { KeySet } from '../keys/key-set';
import { readProtectedHeader, requireKid, rethrowAsTokenError, sameTokenType } from '../jwt/token-errors';
import { JWE_ALG, JWE_ENC } from './encrypt-jwe';

export interface DecryptJweOptions {
  typ: string;
  clockToleranceSeconds?: number;
  /** The "now" used for exp; defaults to the real clock. */
  currentDate?: Date;
}

export async function decryptJwe<T>(
  token: string,
  keys: KeySet,
  opts: DecryptJweOptions,
): Promise<T & { exp: number }> {
  if (keys.use !== 'enc')
    throw new KeySetError('KEYS.WRONG_USE', 'JWEs are decrypted with an "enc" key set.');
  const header = readProtectedHeader(token, 5);
  if (header.alg !== JWE_ALG || header.enc !== JWE_ENC) throw new TokenError('TOKEN.ALG_NOT_ALLOWED');
  if (!sameTokenType(header.typ, opts.typ)) throw new TokenError('TOKEN.WRONG_TYPE');
  const key = keys.keyFor(requireKid(header));
  if (!key) throw new TokenError('TOKEN.UNKNOWN_KEY');
  try {
    const { payload } = await jwtDecrypt(token, key.key, {
      keyManagementAlgorithms: [JWE_ALG],
      contentEncryptionAlgorithms: [JWE_ENC],
      typ: opts.typ,
      requiredClaims: ['exp'],
      clockTolerance: opts.clockToleranceSeconds ?? 0,
      ...(opts.currentDate ? { currentDate: opts.currentDate } : {}),
    });
    return payload as T & { exp: number };
  } catch (error) {
    rethrowAsTokenError(error);
  }
}
