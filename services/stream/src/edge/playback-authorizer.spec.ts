import { MEDIA_TOKEN_AUDIENCE, MEDIA_TOKEN_ISSUER } from '@webinar/contracts';
import { AppError } from '@webinar/http';
import { KeySet, signJwt, TOKEN_TYPES } from '@webinar/security';
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import { randomUUID } from 'node:crypto';
import { PlaybackAuthorizer } from './playback-authorizer';
import { PlaybackRevocations } from './playback-revocations';

describe('PlaybackAuthorizer', () => {
  const seminarId = randomUUID();
  let keys: KeySet;
  let keyLookups: number;
  let countingKeys: JWTVerifyGetKey;
  beforeAll(async () => {
    keys = await KeySet.generate({ use: 'sig' });
    const jwks = createLocalJWKSet(keys.publicJwks());
    countingKeys = (header, input) => {
      keyLookups += 1;
      return jwks(header, input);
    };
  });
  beforeEach(() => {
    keyLookups = 0;
  });

  const token = (claims: Record<string, unknown> = {}, expiresInSeconds = 120): Promise<string> =>
    signJwt(
      keys,
      { sem: seminarId, sid: randomUUID(), cid: randomUUID(), pro: ['hls'], ...claims },
      { typ: TOKEN_TYPES.playback, issuer: MEDIA_TOKEN_ISSUER, audience: MEDIA_TOKEN_AUDIENCE, subject: randomUUID(), expiresInSeconds },
    );
  const codeOf = async (run: Promise<unknown>): Promise<string | undefined> =>
    run.then(
      () => undefined,
      (e: unknown) => (e instanceof AppError ? e.code : String(e)),
    );

  it('checks a signature once per token, then serves from its cache (also for concurrent first requests)', async () => {
    const sut = new PlaybackAuthorizer({ keys: countingKeys, revocations: new PlaybackRevocations() });
    const tok = await token();
    await Promise.all([1, 2, 3].map(() => sut.authorize(tok, seminarId, 'hls')));
    for (let i = 0; i < 50; i += 1) await sut.authorize(tok, seminarId, 'hls');
    expect(keyLookups).toBe(1);
    expect(sut.cachedTokens).toBe(1);
  });

  it('refuses a cached token once it expires, without trusting the cache', async () => {
    let now = Date.now();
    const sut = new PlaybackAuthorizer({ keys, revocations: new PlaybackRevocations(() => now), now: () => now });
    const tok = await token({}, 60);
    await sut.authorize(tok, seminarId, 'hls');
    now += 61_000;
    expect(await codeOf(sut.authorize(tok, seminarId, 'hls'))).toBe('PLAYBACK.TOKEN_EXPIRED');
  });

  it('refuses another seminar and a protocol the company does not allow, even from the cache', async () => {
    const sut = new PlaybackAuthorizer({ keys, revocations: new PlaybackRevocations() });
    const tok = await token();
    await sut.authorize(tok, seminarId, 'hls');
    expect(await codeOf(sut.authorize(tok, randomUUID(), 'hls'))).toBe('PLAYBACK.WRONG_SEMINAR');
    expect(await codeOf(sut.authorize(tok, seminarId, 'flv'))).toBe('PLAYBACK.PROTOCOL_NOT_ALLOWED');
  });

  it('refuses a cached token as soon as its session, user or registration is revoked', async () => {
    const revocations = new PlaybackRevocations();
    const sut = new PlaybackAuthorizer({ keys, revocations });
    const sid = randomUUID();
    const bySession = await token({ sid });
    await sut.authorize(bySession, seminarId, 'hls');
    revocations.revokeSession(sid);
    expect(await codeOf(sut.authorize(bySession, seminarId, 'hls'))).toBe('PLAYBACK.REVOKED');
  });

  it('refuses claims that do not match the contract (a token without protocols)', async () => {
    const sut = new PlaybackAuthorizer({ keys, revocations: new PlaybackRevocations() });
    expect(await codeOf(sut.authorize(await token({ pro: [] }), seminarId, 'hls'))).toBe('PLAYBACK.TOKEN_INVALID');
  });
});
