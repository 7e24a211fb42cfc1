import { MEDIA_TOKEN_AUDIENCE, MEDIA_TOKEN_ISSUER, type PublishAuthorization } from '@webinar/contracts';
import { KeySet, signJwt, TOKEN_TYPES } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import { RevokedStreamKeys } from './revoked-stream-keys';
import { type PublishAuthority, StreamKeyError, StreamKeyVerifier } from './stream-key-verifier';
import { WithdrawnPresenters } from './withdrawn-presenters';

describe('StreamKeyVerifier with cms as the authority (once per publish attempt)', () => {
  let keys: KeySet;
  const seminarId = randomUUID();
  const presenterId = randomUUID();
  const keyId = randomUUID();
  let key: string;

  beforeAll(async () => {
    keys = await KeySet.generate({ use: 'sig' });
    key = await signJwt(keys, { sem: seminarId, cid: randomUUID() }, {
      typ: TOKEN_TYPES.streamKey,
      issuer: MEDIA_TOKEN_ISSUER,
      audience: MEDIA_TOKEN_AUDIENCE,
      subject: presenterId,
      jti: keyId,
      notBefore: Math.floor(Date.now() / 1000) - 3600,
      expiresInSeconds: 600,
    });
  });

  const authority = (answer: () => Promise<PublishAuthorization>, ready = true): PublishAuthority & { calls: unknown[] } => {
    const calls: unknown[] = [];
    return {
      ready,
      calls,
      authorizePublish: (request) => {
        calls.push(request);
        return answer();
      },
    };
  };
  const codeOf = (p: Promise<unknown>): Promise<string> => p.then(() => 'accepted', (e: unknown) => (e instanceof StreamKeyError ? e.code : String(e)));
  const verifier = (a?: PublishAuthority) => new StreamKeyVerifier(keys, new RevokedStreamKeys(), new WithdrawnPresenters(), a);

  it('asks cms with the key id, seminar and presenter after the local checks, and accepts when cms allows', async () => {
    const a = authority(async () => ({ allowed: true }));
    expect(await codeOf(verifier(a).verify(seminarId, key))).toBe('accepted');
    expect(a.calls).toEqual([{ keyId, seminarId, presenterId }]);
  });

  it.each(['STREAM_KEY.REVOKED', 'STREAM_KEY.GRANT_WITHDRAWN', 'STREAM_KEY.SEMINAR_ENDED', 'STREAM_KEY.SEMINAR_NOT_SCHEDULED', 'STREAM_KEY.UNKNOWN'] as const)(
    'refuses with cms\'s code %s',
    async (code) => {
      expect(await codeOf(verifier(authority(async () => ({ allowed: false, code }))).verify(seminarId, key))).toBe(code);
    },
  );

  it('fails closed: cms unreachable, or the node\'s snapshot not loaded, is STREAM_KEY.UNVERIFIABLE', async () => {
    expect(await codeOf(verifier(authority(() => Promise.reject(new Error('ECONNREFUSED')))).verify(seminarId, key))).toBe('STREAM_KEY.UNVERIFIABLE');
    const closed = authority(async () => ({ allowed: true }), false);
    expect(await codeOf(verifier(closed).verify(seminarId, key))).toBe('STREAM_KEY.UNVERIFIABLE');
    expect(closed.calls).toEqual([]);
  });

  it('does not ask cms about a key it refuses by itself (bad signature, another seminar)', async () => {
    const a = authority(async () => ({ allowed: true }));
    expect(await codeOf(verifier(a).verify(randomUUID(), key))).toBe('STREAM_KEY.WRONG_SEMINAR');
    expect(await codeOf(verifier(a).verify(seminarId, `${key}x`))).toBe('STREAM_KEY.INVALID');
    expect(a.calls).toEqual([]);
  });
});
