import { SignJWT } from 'jose';
import { KeySetError } from '../errors/key-set-error';
import type { KeySet } from '../keys/key-set';

export interface SignJwtOptions {
  typ: string;
  issuer: string;
  audience: string | string[];
  subject?: string;
  expiresInSeconds: number;
  /** Absolute NumericDate (epoch seconds) before which the token is refused. */
  notBefore?: number;
  jti?: string;
}

/** Signs with the key set's active Ed25519 key; the header names its kid and the token type. */
export async function signJwt(
  keys: KeySet,
  claims: Record<string, unknown>,
  opts: SignJwtOptions,
): Promise<string> {
  if (keys.use !== 'sig') throw new KeySetError('KEYS.WRONG_USE', 'JWTs are signed with a "sig" key set.');
  if (!Number.isFinite(opts.expiresInSeconds) || opts.expiresInSeconds <= 0) {
    throw new RangeError('expiresInSeconds must be a positive number.');
  }
  const { kid, key } = keys.activeKey();
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: opts.typ })
    .setIssuer(opts.issuer)
    .setAudience(opts.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + Math.floor(opts.expiresInSeconds));
  if (opts.subject !== undefined) jwt.setSubject(opts.subject);
  if (opts.notBefore !== undefined) jwt.setNotBefore(opts.notBefore);
  if (opts.jti !== undefined) jwt.setJti(opts.jti);
  return jwt.sign(key);
}
