import { createLocalJWKSet, SignJWT } from 'jose';
import { TokenError, type TokenErrorCode } from '../errors/token-error';
import { KeySet } from '../keys/key-set';
import { signJwt, type SignJwtOptions } from './sign-jwt';
import { verifyJwt, type VerifyJwtOptions } from './verify-jwt';

const ISSUER = 'https://auth.test';
const AUDIENCE = 'cms';
const TYP = 'at+jwt';
const signOpts: SignJwtOptions = {
  typ: TYP,
  issuer: ISSUER,
  audience: AUDIENCE,
  subject: 'u1',
  expiresInSeconds: 60,
};
const verifyOpts: VerifyJwtOptions = { typ: TYP, issuer: ISSUER, audience: AUDIENCE };

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const inSeconds = (s: number): Date => new Date(Date.now() + s * 1000);

async function expectTokenError(
  token: string,
  run: () => Promise<unknown>,
  code: TokenErrorCode,
): Promise<void> {
  const error: unknown = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenError);
  expect((error as TokenError).code).toBe(code);
  if (token.length > 0) expect((error as TokenError).message).not.toContain(token);
}

describe('signJwt / verifyJwt', () => {
  let keys: KeySet;
  beforeEach(async () => {
    keys = await KeySet.generate({ use: 'sig' });
  });

  it('round-trips claims; the header names alg, kid and typ', async () => {
    const token = await signJwt(keys, { role: 'admin' }, { ...signOpts, jti: 'j1' });

    const sut = await verifyJwt<{ role: string }>(token, keys, verifyOpts);

    expect(sut.header).toEqual({ alg: 'EdDSA', kid: keys.activeKey().kid, typ: TYP });
    expect(sut.payload).toMatchObject({ role: 'admin', iss: ISSUER, aud: AUDIENCE, sub: 'u1', jti: 'j1' });
    expect(sut.payload.exp - nowSeconds()).toBeGreaterThan(55);
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(header).toEqual({ alg: 'EdDSA', kid: keys.activeKey().kid, typ: TYP });
  });

  it('verifies through a JWKS (what other services use) built from publicJwks()', async () => {
    const token = await signJwt(keys, {}, signOpts);

    const sut = await verifyJwt(token, createLocalJWKSet(keys.publicJwks()), verifyOpts);

    expect(sut.payload.sub).toBe('u1');
  });

  it('refuses a token whose payload was changed', async () => {
    const token = await signJwt(keys, { role: 'customer' }, signOpts);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${b64({ ...claims, role: 'root' })}.${signature}`;

    await expectTokenError(tampered, () => verifyJwt(tampered, keys, verifyOpts), 'TOKEN.BAD_SIGNATURE');
  });

  it('refuses a token whose signature was changed', async () => {
    const token = await signJwt(keys, {}, signOpts);
    const [header, payload, signature] = token.split('.');
    const flipped = signature!.slice(0, 10) + (signature![10] === 'A' ? 'B' : 'A') + signature!.slice(11);
    const tampered = `${header}.${payload}.${flipped}`;

    await expectTokenError(tampered, () => verifyJwt(tampered, keys, verifyOpts), 'TOKEN.BAD_SIGNATURE');
  });

  it('refuses an unsigned alg:none token', async () => {
    const exp = nowSeconds() + 60;
    const header = { alg: 'none', typ: TYP, kid: keys.activeKey().kid };
    const token = `${b64(header)}.${b64({ iss: ISSUER, aud: AUDIENCE, sub: 'u1', exp })}.`;

    await expectTokenError(token, () => verifyJwt(token, keys, verifyOpts), 'TOKEN.ALG_NOT_ALLOWED');
  });

  it('refuses an HS256 token, whether signed with a guessed secret or with our public key', async () => {
    const kid = keys.activeKey().kid;
    const publicX = Buffer.from(keys.publicJwks().keys[0]!.x, 'base64url');
    for (const secret of [new TextEncoder().encode('secret'), publicX]) {
      const token = await new SignJWT({ sub: 'u1' })
        .setProtectedHeader({ alg: 'HS256', typ: TYP, kid })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime('1m')
        .sign(secret);

      await expectTokenError(token, () => verifyJwt(token, keys, verifyOpts), 'TOKEN.ALG_NOT_ALLOWED');
    }
  });

  it('refuses a token of another type', async () => {
    const token = await signJwt(keys, {}, { ...signOpts, typ: 'playback+jwt' });

    await expectTokenError(token, () => verifyJwt(token, keys, verifyOpts), 'TOKEN.WRONG_TYPE');
  });

  it('refuses a token for another audience', async () => {
    const token = await signJwt(keys, {}, { ...signOpts, audience: 'polls' });

    await expectTokenError(token, () => verifyJwt(token, keys, verifyOpts), 'TOKEN.WRONG_AUDIENCE');
  });

  it('accepts a token whose audience list contains ours', async () => {
    const token = await signJwt(keys, {}, { ...signOpts, audience: ['polls', AUDIENCE] });

    await expect(verifyJwt(token, keys, verifyOpts)).resolves.toBeDefined();
  });

  it('refuses a token from another issuer', async () => {
    const token = await signJwt(keys, {}, { ...signOpts, issuer: 'https://evil.test' });

    await expectTokenError(token, () => verifyJwt(token, keys, verifyOpts), 'TOKEN.WRONG_ISSUER');
  });

  it('refuses an expired token, unless within the clock tolerance', async () => {
    const token = await signJwt(keys, {}, signOpts);

    const later = { ...verifyOpts, currentDate: inSeconds(120) };
    await expectTokenError(token, () => verifyJwt(token, keys, later), 'TOKEN.EXPIRED');
    await expect(verifyJwt(token, keys, { ...later, clockToleranceSeconds: 90 })).resolves.toBeDefined();
  });

  it('refuses a token before its nbf', async () => {
    const token = await signJwt(keys, {}, { ...signOpts, notBefore: nowSeconds() + 30 });

    await expectTokenError(token, () => verifyJwt(token, keys, verifyOpts), 'TOKEN.NOT_YET_VALID');
    await expect(
      verifyJwt(token, keys, { ...verifyOpts, currentDate: inSeconds(40) }),
    ).resolves.toBeDefined();
  });

  it('refuses a token signed by an unknown key, directly and through a JWKS', async () => {
    const other = await KeySet.generate({ use: 'sig' });
    const token = await signJwt(other, {}, signOpts);

    await expectTokenError(token, () => verifyJwt(token, keys, verifyOpts), 'TOKEN.UNKNOWN_KEY');
    const jwks = createLocalJWKSet(keys.publicJwks());
    await expectTokenError(token, () => verifyJwt(token, jwks, verifyOpts), 'TOKEN.UNKNOWN_KEY');
  });

  it('refuses a token without kid', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', typ: TYP })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('1m')
      .sign(keys.activeKey().key);

    await expectTokenError(token, () => verifyJwt(token, keys, verifyOpts), 'TOKEN.MALFORMED');
  });

  it('refuses a token without exp', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', typ: TYP, kid: keys.activeKey().kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .sign(keys.activeKey().key);

    await expectTokenError(token, () => verifyJwt(token, keys, verifyOpts), 'TOKEN.MALFORMED');
  });

  it.each(['', 'abc', 'a.b.c', 'a.b.c.d.e', '.eyJ9.x'])('refuses garbage %p as malformed', async (token) => {
    await expectTokenError(token, () => verifyJwt(token, keys, verifyOpts), 'TOKEN.MALFORMED');
  });

  it('refuses a well-headed token whose payload is not JSON', async () => {
    const token = `${b64({ alg: 'EdDSA', typ: TYP, kid: keys.activeKey().kid })}.bm90IGpzb24.x`;

    await expectTokenError(token, () => verifyJwt(token, keys, verifyOpts), 'TOKEN.MALFORMED');
  });

  it('reports keys that cannot be fetched as KEYS_UNAVAILABLE, not as a bad token', async () => {
    const token = await signJwt(keys, {}, signOpts);
    const unreachable = (): Promise<never> => Promise.reject(new TypeError('fetch failed'));

    await expectTokenError(token, () => verifyJwt(token, unreachable, verifyOpts), 'TOKEN.KEYS_UNAVAILABLE');
  });

  describe('key rotation', () => {
    it('keeps old tokens valid until the old key is retired; new tokens carry the new kid', async () => {
      const oldKid = keys.activeKey().kid;
      const oldToken = await signJwt(keys, {}, signOpts);

      await keys.rotate();
      const newToken = await signJwt(keys, {}, signOpts);

      expect((await verifyJwt(newToken, keys, verifyOpts)).header.kid).toBe(keys.activeKey().kid);
      expect(keys.activeKey().kid).not.toBe(oldKid);
      expect((await verifyJwt(oldToken, keys, verifyOpts)).header.kid).toBe(oldKid);

      keys.retire(oldKid);

      await expectTokenError(oldToken, () => verifyJwt(oldToken, keys, verifyOpts), 'TOKEN.UNKNOWN_KEY');
      await expect(verifyJwt(newToken, keys, verifyOpts)).resolves.toBeDefined();
    });
  });

  it('refuses to sign with an encryption key set or a non-positive lifetime', async () => {
    const enc = await KeySet.generate({ use: 'enc' });

    await expect(signJwt(enc, {}, signOpts)).rejects.toMatchObject({ code: 'KEYS.WRONG_USE' });
    await expect(signJwt(keys, {}, { ...signOpts, expiresInSeconds: 0 })).rejects.toBeInstanceOf(RangeError);
  });
});
