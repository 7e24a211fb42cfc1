// Services that only verify auth's tokens fetch its JWKS; jose caches it and refetches on an unknown kid
// (rate-limited by the cooldown), which is what makes auth's key rotation invisible to them.
import { createRemoteJWKSet, type JWTVerifyGetKey, type RemoteJWKSetOptions } from 'jose';

export function createRemoteKeySet(url: URL, options?: RemoteJWKSetOptions): JWTVerifyGetKey {
  return createRemoteJWKSet(url, { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000, ...options });
}
