// Checks a presenter's stream key (`<seminarId>?key=<jwt>`): signature with cms's key set, typ,
// issuer, audience, the nbf/exp window, the seminar it names, that its id was not rotated away and
// that its presenter still holds the presenter grant for that seminar.
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
  | 'STREAM_KEY.GRANT_WITHDRAWN';

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
  ) {}

  async verify(seminarId: string, key: string | undefined): Promise<VerifiedStreamKey> {
    if (!key) throw new StreamKeyError('STREAM_KEY.MISSING');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await verifyJwt<Record<string, unknown>>(key, this.keys, {
        typ: TOKEN_TYPES.streamKey,
        issuer: MEDIA_TOKEN_ISSUER,
        audience: MEDIA_TOKEN_AUDIENCE,
      }));
    } catch (error) {
      throw new StreamKeyError('STREAM_KEY.INVALID', (error as { code?: string }).code);
    }
    const parsed = streamKeyClaimsSchema.safeParse(payload);
    if (!parsed.success) throw new StreamKeyError('STREAM_KEY.INVALID', 'claims');
    const claims = parsed.data;
    if (claims.sem !== seminarId) throw new StreamKeyError('STREAM_KEY.WRONG_SEMINAR');
    if (this.revoked.has(claims.jti)) throw new StreamKeyError('STREAM_KEY.REVOKED');
    const issuedAt = typeof payload['iat'] === 'number' ? payload['iat'] : undefined;
    if (this.withdrawn?.refuses(claims.sub, claims.sem, issuedAt)) throw new StreamKeyError('STREAM_KEY.GRANT_WITHDRAWN');
    return { claims, issuedAt };
  }
}
