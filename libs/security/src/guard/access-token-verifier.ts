// Turns a bearer token into an AccessIdentity. A signature check costs ~100-150 µs, which would cap a
// core at a few thousand requests per second, so verified tokens are cached (keyed by their SHA-256,
// never the token itself) in an LRU (the lru-cache package) whose entries live until the token
// expires. Revocation is checked on every call, cached or not.
import type { JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { hashToken } from '../crypto/random-tokens';
import { TokenError } from '../errors/token-error';
import { verifyJwt } from '../jwt/verify-jwt';
import type { KeySet } from '../keys/key-set';
import { TOKEN_TYPES } from '../token-types';
import { type AccessIdentity, GLOBAL_ROLES } from './access-identity';
import type { RevocationSet } from './revocation-set';

export interface AccessTokenVerifierOptions {
  issuer: string;
  /** This service's audience; several when one process serves several services (standalone). */
  audience: string | string[];
  keys: KeySet | JWTVerifyGetKey;
  revocations: RevocationSet;
  /** Verified tokens kept; default 50,000. */
  cacheSize?: number;
  clockToleranceSeconds?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

const accessClaimsSchema = z.object({
  sub: z.string().min(1),
  sid: z.string().min(1),
  cid: z.string().min(1).nullable(),
  role: z.enum(GLOBAL_ROLES),
  elv: z.boolean(),
  // Optional only for tokens from an auth that predates the claim (rolling upgrade): absent means
  // false, never true. Present but not a boolean is malformed.
  mfa: z.boolean().optional(),
  exp: z.number().int(),
  iat: z.number().int().optional(),
});

interface CachedIdentity {
  identity: AccessIdentity;
  issuedAt: number | undefined;
}

const DEFAULT_CACHE_SIZE = 50_000;

export class AccessTokenVerifier {
  private readonly cache: LRUCache<string, CachedIdentity>;
  private readonly now: () => number;
  private readonly clockToleranceSeconds: number;

  constructor(private readonly opts: AccessTokenVerifierOptions) {
    this.now = opts.now ?? Date.now;
    // Entry lifetimes are durations, so the cache's own monotonic clock serves; a test's clock replaces it.
    this.cache = new LRUCache({ max: opts.cacheSize ?? DEFAULT_CACHE_SIZE, ...(opts.now ? { perf: { now: opts.now } } : {}) });
    this.clockToleranceSeconds = opts.clockToleranceSeconds ?? 0;
  }

  /** @throws TokenError (including TOKEN.REVOKED) */
  async verify(token: string): Promise<AccessIdentity> {
    const cacheKey = hashToken(token);
    const now = this.now();
    let entry = this.cache.get(cacheKey);
    if (!entry) {
      entry = await this.verifySignature(token, now);
      const ttl = (entry.identity.tokenExpiresAt + this.clockToleranceSeconds) * 1000 - now;
      this.cache.set(cacheKey, entry, { ttl: Math.max(1, Math.floor(ttl)) });
    }
    if (this.opts.revocations.isRevoked(entry.identity, entry.issuedAt))
      throw new TokenError('TOKEN.REVOKED');
    return entry.identity;
  }

  private async verifySignature(token: string, now: number): Promise<CachedIdentity> {
    const { payload } = await verifyJwt<Record<string, unknown>>(token, this.opts.keys, {
      typ: TOKEN_TYPES.access,
      issuer: this.opts.issuer,
      audience: this.opts.audience,
      clockToleranceSeconds: this.clockToleranceSeconds,
      currentDate: new Date(now),
    });
    const claims = accessClaimsSchema.safeParse(payload);
    if (!claims.success) throw new TokenError('TOKEN.MALFORMED');
    const { sub, sid, cid, role, elv, mfa, exp, iat } = claims.data;
    const identity: AccessIdentity = Object.freeze({
      userId: sub,
      companyId: cid,
      role,
      sessionId: sid,
      elevated: elv,
      mfa: mfa === true,
      tokenExpiresAt: exp,
    });
    return { identity, issuedAt: iat };
  }
}
