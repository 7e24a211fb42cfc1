// RFC 6750 bearer credentials from the Authorization header. Anything else (another scheme, several
// tokens, oversized values) is treated as "no token" and ends in a 401.
const MAX_TOKEN_LENGTH = 4096;
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

export function bearerTokenOf(authorization: unknown): string | undefined {
  if (typeof authorization !== 'string' || authorization.length > MAX_TOKEN_LENGTH + 7) return undefined;
  return BEARER.exec(authorization)?.[1];
}
