// Decides whether a request may receive a seminar's media. A token's signature is verified once and
// the result cached until the token expires (a jose verify costs ~100+ µs; a cache hit a Map
// lookup), so the common request does no signature check and no call to another service. What is
// checked on every request: expiry, the seminar in the URL, the protocol, and the revocations.
import { MEDIA_TOKEN_AUDIENCE, MEDIA_TOKEN_ISSUER, playbackClaimsSchema, type PlaybackClaims, type PlaybackProtocol } from '@webinar/contracts';
import { HttpErrors } from '@webinar/http';
import { TOKEN_TYPES, verifyJwt } from '@webinar/security';
import type { MediaKeys } from '../media-keys';
import type { PlaybackRevocations } from './playback-revocations';
import { PlaybackErrors } from './playback.errors';

export interface AuthorizedViewer {
  claims: PlaybackClaims;
  issuedAt: number | undefined;
  expiresAtMs: number;
}

export interface PlaybackAuthorizerOptions {
  keys: MediaKeys;
  revocations: PlaybackRevocations;
  maxCachedTokens?: number;
  now?: () => number;
  /** False while the node's revocation snapshot is not loaded: every request gets 503. */
  ready?: () => boolean;
}

const DEFAULT_MAX_CACHED_TOKENS = 100_000;
/** Longest token the edge accepts: 8 KiB is far above a real playback token. */
const MAX_TOKEN_LENGTH = 8192;


export class PlaybackAuthorizer {
  private readonly cache = new Map<string, AuthorizedViewer>();
  private readonly inFlight = new Map<string, Promise<AuthorizedViewer>>();
  private readonly now: () => number;
  private readonly maxCached: number;

  constructor(private readonly opts: PlaybackAuthorizerOptions) {
    this.now = opts.now ?? Date.now;
    this.maxCached = opts.maxCachedTokens ?? DEFAULT_MAX_CACHED_TOKENS;
  }

  /** Resolves the viewer or throws an AppError (401 bad/expired/revoked, 403 wrong seminar/protocol). */
  async authorize(token: string, seminarId: string, protocol: PlaybackProtocol): Promise<AuthorizedViewer> {
    // The node does not know yet what was revoked before it started: it serves nobody (fail closed).
    if (this.opts.ready && !this.opts.ready()) throw HttpErrors.unavailable();
    const viewer = this.cachedValid(token) ?? (await this.verify(token));
    this.check(viewer, seminarId, protocol);
    return viewer;
  }

  /** Re-checks an already authorized viewer (long-lived FLV connections on revocation or expiry). */
  stillAllowed(viewer: AuthorizedViewer, seminarId: string, protocol: PlaybackProtocol): boolean {
    if (this.opts.ready && !this.opts.ready()) return false;
    try {
      this.check(viewer, seminarId, protocol);
      return true;
    } catch {
      return false;
    }
  }

  get cachedTokens(): number {
    return this.cache.size;
  }

  private check(viewer: AuthorizedViewer, seminarId: string, protocol: PlaybackProtocol): void {
    if (viewer.expiresAtMs <= this.now()) throw PlaybackErrors.tokenExpired();
    if (
      this.opts.revocations.isRevoked({
        userId: viewer.claims.sub,
        sessionId: viewer.claims.sid,
        seminarId: viewer.claims.sem,
        issuedAt: viewer.issuedAt,
      })
    ) {
      throw PlaybackErrors.revoked();
    }
    if (viewer.claims.sem !== seminarId) {
      throw PlaybackErrors.wrongSeminar();
    }
    if (!viewer.claims.pro.includes(protocol)) {
      throw PlaybackErrors.protocolNotAllowed();
    }
  }

  private cachedValid(token: string): AuthorizedViewer | undefined {
    const hit = this.cache.get(token);
    if (hit && hit.expiresAtMs <= this.now()) {
      this.cache.delete(token);
      return undefined;
    }
    return hit;
  }

  /** Concurrent first requests with one token (playlist + segments) share one verification. */
  private verify(token: string): Promise<AuthorizedViewer> {
    const pending = this.inFlight.get(token);
    if (pending) return pending;
    const verification = this.verifyOnce(token).finally(() => this.inFlight.delete(token));
    this.inFlight.set(token, verification);
    return verification;
  }

  private async verifyOnce(token: string): Promise<AuthorizedViewer> {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw PlaybackErrors.tokenInvalid();
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await verifyJwt<Record<string, unknown>>(token, this.opts.keys, {
        typ: TOKEN_TYPES.playback,
        issuer: MEDIA_TOKEN_ISSUER,
        audience: MEDIA_TOKEN_AUDIENCE,
        currentDate: new Date(this.now()),
      }));
    } catch (error) {
      const code = (error as { code?: string }).code;
      // cms's key set could not be fetched: the token is not known to be bad (the player retries).
      if (code === 'TOKEN.KEYS_UNAVAILABLE') throw HttpErrors.unavailable({ reason: 'playback keys' });
      throw code === 'TOKEN.EXPIRED' ? PlaybackErrors.tokenExpired() : PlaybackErrors.tokenInvalid();
    }
    const parsed = playbackClaimsSchema.safeParse(payload);
    if (!parsed.success) throw PlaybackErrors.tokenInvalid();
    const viewer: AuthorizedViewer = {
      claims: parsed.data,
      issuedAt: typeof payload['iat'] === 'number' ? payload['iat'] : undefined,
      expiresAtMs: parsed.data.exp * 1000,
    };
    if (this.cache.size >= this.maxCached) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(token, viewer);
    return viewer;
  }
}
