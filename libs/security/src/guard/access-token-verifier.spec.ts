import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import { TokenError } from '../errors/token-error';
import { signJwt } from '../jwt/sign-jwt';
import { KeySet } from '../keys/key-set';
import type { AccessIdentity } from './access-identity';
import { AccessTokenVerifier } from './access-token-verifier';
import { issueAccessToken } from './issue-access-token';
import { RevocationSet } from './revocation-set';

const ISSUER = 'auth';
const AUDIENCE = 'cms';

describe('AccessTokenVerifier', () => {
  let keys: KeySet;
  let nowMs: number;
  let getKey: jest.Mock<ReturnType<JWTVerifyGetKey>, Parameters<JWTVerifyGetKey>>;
  let revocations: RevocationSet;
  let sut: AccessTokenVerifier;
  const identity: Omit<AccessIdentity, 'tokenExpiresAt'> = {
    userId: 'u1',
    companyId: 'c1',
    role: 'customer',
    sessionId: 's1',
    elevated: false,
    mfa: false,
  };
  const issue = (over: Partial<typeof identity> = {}): Promise<string> =>
    issueAccessToken(keys, { ...identity, ...over }, { issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 300 });

  beforeEach(async () => {
    keys = await KeySet.generate({ use: 'sig' });
    nowMs = Date.now();
    const jwks = createLocalJWKSet(keys.publicJwks());
    // Every signature check asks for the key once: counting calls counts signature checks.
    getKey = jest.fn((header, input) => jwks(header, input));
    revocations = new RevocationSet({ now: () => nowMs });
    sut = new AccessTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: getKey,
      revocations,
      now: () => nowMs,
    });
  });

  it('maps the claims to an AccessIdentity', async () => {
    const token = await issue();

    const result = await sut.verify(token);

    expect(result).toEqual({ ...identity, tokenExpiresAt: expect.any(Number) });
    expect(result.tokenExpiresAt * 1000 - Date.now()).toBeGreaterThan(290_000);
  });

  it('carries mfa: true from a password + second factor session', async () => {
    expect(await sut.verify(await issue({ mfa: true }))).toMatchObject({ mfa: true });
  });

  it('verifies a token without the mfa claim (issued by an older auth) as mfa: false', async () => {
    const token = await signJwt(
      keys,
      { sid: 's1', cid: 'c1', role: 'admin', elv: false },
      { typ: 'at+jwt', issuer: ISSUER, audience: AUDIENCE, subject: 'u1', expiresInSeconds: 60 },
    );

    const result = await sut.verify(token);

    expect(result).toMatchObject({ role: 'admin', mfa: false });
  });

  it.each([['true'], [1], [null], [{}]])('refuses an mfa claim that is not a boolean (%p)', async (mfa) => {
    const token = await signJwt(
      keys,
      { sid: 's1', cid: 'c1', role: 'admin', elv: false, mfa },
      { typ: 'at+jwt', issuer: ISSUER, audience: AUDIENCE, subject: 'u1', expiresInSeconds: 60 },
    );

    await expect(sut.verify(token)).rejects.toMatchObject({ code: 'TOKEN.MALFORMED' });
  });

  it('checks the signature once per token, then answers from the cache', async () => {
    const token = await issue();

    await sut.verify(token);
    await sut.verify(token);
    await sut.verify(token);

    expect(getKey).toHaveBeenCalledTimes(1);
    await sut.verify(await issue({ sessionId: 's2' }));
    expect(getKey).toHaveBeenCalledTimes(2);
  });

  it('refuses a revoked session even when the token is cached', async () => {
    const token = await issue();
    await sut.verify(token);

    revocations.revokeSession('s1', Math.floor(nowMs / 1000) + 300);

    await expect(sut.verify(token)).rejects.toMatchObject({ code: 'TOKEN.REVOKED' });
    expect(getKey).toHaveBeenCalledTimes(1);
  });

  it('refuses cached tokens of a user revoked after they were issued', async () => {
    const before = await issue();
    await sut.verify(before);
    nowMs += 2_000;
    revocations.revokeUser('u1', Math.floor(nowMs / 1000) + 300);

    await expect(sut.verify(before)).rejects.toMatchObject({ code: 'TOKEN.REVOKED' });
  });

  it('stops serving a cached token once it has expired', async () => {
    const token = await issue();
    await sut.verify(token);

    nowMs += 301_000;

    await expect(sut.verify(token)).rejects.toMatchObject({ code: 'TOKEN.EXPIRED' });
  });

  it('keeps the cache bounded: an evicted token is checked again', async () => {
    const small = new AccessTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: getKey,
      revocations,
      cacheSize: 2,
    });
    const [a, b, c] = await Promise.all([
      issue({ sessionId: 'a' }),
      issue({ sessionId: 'b' }),
      issue({ sessionId: 'c' }),
    ]);
    for (const t of [a, b, c]) await small.verify(t);
    expect(getKey).toHaveBeenCalledTimes(3);

    await small.verify(c);
    expect(getKey).toHaveBeenCalledTimes(3);
    await small.verify(a);
    expect(getKey).toHaveBeenCalledTimes(4);
  });

  it('refuses a correctly signed at+jwt that lacks the access claims', async () => {
    const token = await signJwt(
      keys,
      { sid: 's1' },
      { typ: 'at+jwt', issuer: ISSUER, audience: AUDIENCE, subject: 'u1', expiresInSeconds: 60 },
    );

    await expect(sut.verify(token)).rejects.toMatchObject({ code: 'TOKEN.MALFORMED' });
  });

  it('refuses an unknown role', async () => {
    const token = await signJwt(
      keys,
      { sid: 's1', cid: null, role: 'superuser', elv: true },
      { typ: 'at+jwt', issuer: ISSUER, audience: AUDIENCE, subject: 'u1', expiresInSeconds: 60 },
    );

    await expect(sut.verify(token)).rejects.toBeInstanceOf(TokenError);
  });

  it('does not cache failures as successes', async () => {
    const other = await KeySet.generate({ use: 'sig' });
    const forged = await issueAccessToken(other, identity, {
      issuer: ISSUER,
      audience: AUDIENCE,
      ttlSeconds: 60,
    });

    await expect(sut.verify(forged)).rejects.toMatchObject({ code: 'TOKEN.UNKNOWN_KEY' });
    await expect(sut.verify(forged)).rejects.toMatchObject({ code: 'TOKEN.UNKNOWN_KEY' });
  });
});
