// Checks a presenter's stream key (`<seminarId>?key=<jwt>`): signature with cms's key set, typ,
// issuer, audience, the nbf/exp window, the seminar it names, that its id was not rotated away and
// that its presenter still holds the presenter grant for that seminar. Then, once per publish attempt,
// cms itself (when an authority is configured): its rows are the truth about rotation, grants and the
// seminar's state, also for a node that just restarted. cms unreachable: refused (fail closed).
import type { PublishAuthorization, PublishAuthorizationRequest } from '@webinar/contracts';
import { MEDIA_TOKEN_AUDIENCE, MEDIA_TOKEN_ISSUER, streamKeyClaimsSchema, type StreamKeyClaims } from '@webinar/contracts';
import { TOKEN_TYPES, verifyJwt } from '@webinar/security';
import type { MediaKeys } from '../media-keys';
import type { RevokedStreamKeys } from './revoked-stream-keys';
import type { WithdrawnPresenters } from './withdrawn-presenters';

export type StreamKeyRefusal =
  | 'STREAM_KEY.MISSING'
  | 'STREAM_KEY.INVALID'
  | 'STREAM_KEY.WRONG_SEMINAR'
  | 'STREAM_KEY.REVOKED'
  | 'STREAM_KEY.GRANT_WITHDRAWN'
  /** cms says: the seminar ended or was cancelled. */
  | 'STREAM_KEY.SEMINAR_ENDED'
  /** cms says: the seminar went back to draft. */
  | 'STREAM_KEY.SEMINAR_NOT_SCHEDULED'
  /** cms issued no such key. */
  | 'STREAM_KEY.UNKNOWN'
  /** cms could not be asked, or this node has not loaded its revocation snapshot yet. */
  | 'STREAM_KEY.UNVERIFIABLE';

/** Who answers for a key after its signature was checked (the node's revocation gate). */
export interface PublishAuthority {
  /** False until the node's revocation snapshot is loaded: every publish is refused until then. */
  readonly ready: boolean;
  authorizePublish(request: PublishAuthorizationRequest): Promise<PublishAuthorization>;
}

export class StreamKeyError extends Error {
  constructor(readonly code: StreamKeyRefusal, readonly detail?: string) {
    super(code);
    this.name = 'StreamKeyError';
  }
}

export interface VerifiedStreamKey {
  claims: StreamKeyClaims;
  /** The key's iat (epoch seconds), which grant withdrawals are compared with. */
  issuedAt: number | undefined;
}

export class StreamKeyVerifier {
  constructor(
    private readonly keys: MediaKeys,
    private readonly revoked: RevokedStreamKeys,
    private readonly withdrawn?: WithdrawnPresenters,
    private readonly authority?: PublishAuthority,
  ) {}

  async verify(seminarId: string, key: string | undefined): Promise<VerifiedStreamKey> {
    if (!key) throw new StreamKeyError('STREAM_KEY.MISSING');
    // Not knowing yet what was revoked before this node started: nothing is accepted.
    if (this.authority && !this.authority.ready) throw new StreamKeyError('STREAM_KEY.UNVERIFIABLE', 'revocation snapshot not loaded');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await verifyJwt<Record<string, unknown>>(key, this.keys, {
        typ: TOKEN_TYPES.streamKey,
        issuer: MEDIA_TOKEN_ISSUER,
        audience: MEDIA_TOKEN_AUDIENCE,
      }));
    } catch (error) {
      const code = (error as { code?: string }).code;
      // cms's key set could not be fetched: the key is not known to be bad, only unverifiable.
      if (code === 'TOKEN.KEYS_UNAVAILABLE') throw new StreamKeyError('STREAM_KEY.UNVERIFIABLE', code);
      throw new StreamKeyError('STREAM_KEY.INVALID', code);
    }
    const parsed = streamKeyClaimsSchema.safeParse(payload);
    if (!parsed.success) throw new StreamKeyError('STREAM_KEY.INVALID', 'claims');
    const claims = parsed.data;
    if (claims.sem !== seminarId) throw new StreamKeyError('STREAM_KEY.WRONG_SEMINAR');
    if (this.revoked.has(claims.jti)) throw new StreamKeyError('STREAM_KEY.REVOKED');
    const issuedAt = typeof payload['iat'] === 'number' ? payload['iat'] : undefined;
    if (this.withdrawn?.refuses(claims.sub, claims.sem, issuedAt)) throw new StreamKeyError('STREAM_KEY.GRANT_WITHDRAWN');
    if (this.authority) await this.askAuthority(this.authority, claims);
    return { claims, issuedAt };
  }

  private async askAuthority(authority: PublishAuthority, claims: StreamKeyClaims): Promise<void> {
    let answer: PublishAuthorization;
    try {
      answer = await authority.authorizePublish({ keyId: claims.jti, seminarId: claims.sem, presenterId: claims.sub });
    } catch (error) {
      throw new StreamKeyError('STREAM_KEY.UNVERIFIABLE', error instanceof Error ? error.message : 'cms unreachable');
    }
    if (!answer.allowed) throw new StreamKeyError(answer.code);
  }
}
