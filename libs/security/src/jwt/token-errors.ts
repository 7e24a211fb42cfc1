// Translates jose's errors (and the header checks done before jose runs) into TokenError codes. The
// original error is deliberately not attached as `cause`: jose's claim errors carry the payload.
import { decodeProtectedHeader, errors, type ProtectedHeaderParameters } from 'jose';
import { TokenError } from '../errors/token-error';

/** Throws the TokenError for a jose failure; anything else (a bug) propagates unchanged. */
export function rethrowAsTokenError(error: unknown): never {
  throw toTokenError(error) ?? error;
}

function toTokenError(error: unknown): TokenError | undefined {
  if (error instanceof TokenError) return error;
  if (error instanceof errors.JWTExpired) return new TokenError('TOKEN.EXPIRED');
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'nbf':
        return new TokenError('TOKEN.NOT_YET_VALID');
      case 'iss':
        return new TokenError('TOKEN.WRONG_ISSUER');
      case 'aud':
        return new TokenError('TOKEN.WRONG_AUDIENCE');
      case 'typ':
        return new TokenError('TOKEN.WRONG_TYPE');
      default:
        return new TokenError('TOKEN.MALFORMED');
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWEDecryptionFailed) {
    return new TokenError('TOKEN.BAD_SIGNATURE');
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new TokenError('TOKEN.ALG_NOT_ALLOWED');
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new TokenError('TOKEN.UNKNOWN_KEY');
  }
  if (error instanceof errors.JOSEError) return new TokenError('TOKEN.MALFORMED');
  return undefined;
}

/** Decodes the protected header without trusting it; any decoding problem is MALFORMED. */
export function readProtectedHeader(token: string, parts: 3 | 5): ProtectedHeaderParameters {
  if (typeof token !== 'string' || token.split('.').length !== parts) throw new TokenError('TOKEN.MALFORMED');
  try {
    return decodeProtectedHeader(token);
  } catch {
    throw new TokenError('TOKEN.MALFORMED');
  }
}

/** RFC 8725 §3.11 comparison: case-insensitive, with an optional "application/" prefix. */
export function sameTokenType(actual: unknown, expected: string): boolean {
  if (typeof actual !== 'string') return false;
  const normalise = (t: string): string => t.toLowerCase().replace(/^application\//, '');
  return normalise(actual) === normalise(expected);
}

/** The kid header, required on every token we accept so that rotation is always unambiguous. */
export function requireKid(header: ProtectedHeaderParameters): string {
  if (typeof header.kid !== 'string' || header.kid.length === 0) throw new TokenError('TOKEN.MALFORMED');
  return header.kid;
}
