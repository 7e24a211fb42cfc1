// Checks a presenter's stream key (`<seminarId>?key=<jwt>`): signature with cms's key set, typ,
// issuer, audience, the nbf/exp window, the seminar it names and that its id was not rotated away.
import { MEDIA_TOKEN_AUDIENCE, MEDIA_TOKEN_ISSUER, streamKeyClaimsSchema, type StreamKeyClaims } from '@webinar/contracts';
import { TOKEN_TYPES, verifyJwt } from '@webinar/security';
import type { MediaKeys } from '../media-keys';
import type { RevokedStreamKeys } from './revoked-stream-keys';

export type StreamKeyRefusal =
  | 'STREAM_KEY.MISSING'
  | 'STREAM_KEY.INVALID'
  | 'STREAM_KEY.WRONG_SEMINAR'
  | 'STREAM_KEY.REVOKED';

export class StreamKeyError extends Error {
  constructor(readonly code: StreamKeyRefusal, readonly detail?: string) {
    super(code);
    this.name = 'StreamKeyError';
  }
}

export class StreamKeyVerifier {
  constructor(
    private readonly keys: MediaKeys,
    private readonly revoked: RevokedStreamKeys,
  ) {}

  async verify(seminarId: string, key: string | undefined): Promise<StreamKeyClaims> {
    if (!key) throw new StreamKeyError('STREAM_KEY.MISSING');
    let payload: unknown;
    try {
      ({ payload } = await verifyJwt(key, this.keys, {
        typ: TOKEN_TYPES.streamKey,
        issuer: MEDIA_TOKEN_ISSUER,
        audience: MEDIA_TOKEN_AUDIENCE,
      }));
    } catch (error) {
      throw new StreamKeyError('STREAM_KEY.INVALID', (error as { code?: string }).code);
    }
    const parsed = streamKeyClaimsSchema.safeParse(payload);
    if (!parsed.success) throw new StreamKeyError('STREAM_KEY.INVALID', 'claims');
    if (parsed.data.sem !== seminarId) throw new StreamKeyError('STREAM_KEY.WRONG_SEMINAR');
    if (this.revoked.has(parsed.data.jti)) throw new StreamKeyError('STREAM_KEY.REVOKED');
    return parsed.data;
  }
}
