// Verification that never lets the token choose how it is checked: the algorithm is pinned to EdDSA
// before jose runs (so `alg: none` and HS256-with-the-public-key tricks die early), the type, issuer
// and audience are pinned by the caller, and the key comes from our key set or auth's JWKS by kid.
import {
  errors,
  type FlattenedJWSInput,
  type JWTHeaderParameters,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';
import { TokenError } from '../errors/token-error';
import { KeySetError } from '../errors/key-set-error';
import { KeySet } from '../keys/key-set';
import { readProtectedHeader, requireKid, rethrowAsTokenError, sameTokenType } from './token-errors';

export const ALLOWED_JWT_ALGORITHMS = ['EdDSA'] as const;

export interface VerifyJwtOptions {
  typ: string;
  issuer: string;
  /** The token's `aud` must contain this audience (or one of these). */
  audience: string | string[];
  clockToleranceSeconds?: number;
  /** The "now" used for exp/nbf; defaults to the real clock. */
  currentDate?: Date;
}

export interface RegisteredClaims {
  iss: string;
  aud: string | string[];
  exp: number;
  iat?: number;
  nbf?: number;
  sub?: string;
  jti?: string;
}

export interface VerifiedJwt<T> {
  payload: T & RegisteredClaims;
  header: { alg: 'EdDSA'; kid: string; typ: string };
}

function keySetResolver(keys: KeySet): JWTVerifyGetKey {
  if (keys.use !== 'sig') throw new KeySetError('KEYS.WRONG_USE', 'JWTs are verified with a "sig" key set.');
  return (header) => {
    const found = header.kid === undefined ? undefined : keys.keyFor(header.kid);
    if (!found) throw new TokenError('TOKEN.UNKNOWN_KEY');
    return found.key;
  };
}

/** Key lookup failures other than "no such key" mean the JWKS could not be had: not the token's fault. */
function guardedResolver(getKey: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header: JWTHeaderParameters, input: FlattenedJWSInput) => {
    try {
      return await getKey(header, input);
    } catch (error) {
      if (error instanceof TokenError) throw error;
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
        throw new TokenError('TOKEN.UNKNOWN_KEY');
      }
      throw new TokenError('TOKEN.KEYS_UNAVAILABLE');
    }
  };
}

export async function verifyJwt<T>(
  token: string,
  keys: KeySet | JWTVerifyGetKey,
  opts: VerifyJwtOptions,
): Promise<VerifiedJwt<T>> {
  const header = readProtectedHeader(token, 3);
  if (header.alg !== 'EdDSA') throw new TokenError('TOKEN.ALG_NOT_ALLOWED');
  if (!sameTokenType(header.typ, opts.typ)) throw new TokenError('TOKEN.WRONG_TYPE');
  const kid = requireKid(header);
  const getKey = guardedResolver(keys instanceof KeySet ? keySetResolver(keys) : keys);
  try {
    const result = await jwtVerify(token, getKey, {
      algorithms: [...ALLOWED_JWT_ALGORITHMS],
      typ: opts.typ,
      issuer: opts.issuer,
      audience: opts.audience,
      requiredClaims: ['exp'],
      clockTolerance: opts.clockToleranceSeconds ?? 0,
      ...(opts.currentDate ? { currentDate: opts.currentDate } : {}),
    });
    return {
      payload: result.payload as T & RegisteredClaims,
      header: { alg: 'EdDSA', kid, typ: opts.typ },
    };
  } catch (error) {
    rethrowAsTokenError(error);
  }
}
