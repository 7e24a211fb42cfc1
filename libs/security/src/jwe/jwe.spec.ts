import { CompactEncrypt } from 'jose';
import { createSecretKey, randomBytes } from 'node:crypto';
import { TokenError, type TokenErrorCode } from '../errors/token-error';
import { KeySet } from '../keys/key-set';
import { decryptJwe } from './decrypt-jwe';
import { encryptJwe } from './encrypt-jwe';

const TYP = 'login-link+jwe';
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

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
  expect((error as TokenError).message).not.toContain(token);
}

/** Changes one byte of a base64url part without breaking its encoding. */
function flipByte(part: string): string {
  const bytes = Buffer.from(part, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  return bytes.toString('base64url');
}

function replacePart(token: string, index: number, value: string): string {
  const parts = token.split('.');
  parts[index] = value;
  return parts.join('.');
}

describe('encryptJwe / decryptJwe', () => {
  let keys: KeySet;
  let token: string;
  beforeEach(async () => {
    keys = await KeySet.generate({ use: 'enc' });
    token = await encryptJwe(keys, { email: 'a@example.com' }, { typ: TYP, expiresInSeconds: 600 });
  });

  it('round-trips the payload and adds exp', async () => {
    const sut = await decryptJwe<{ email: string }>(token, keys, { typ: TYP });

    expect(sut.email).toBe('a@example.com');
    expect(sut.exp - Math.floor(Date.now() / 1000)).toBeGreaterThan(590);
  });

  it('is compact dir/A256GCM with kid and typ in the protected header, and hides the payload', () => {
    const parts = token.split('.');
    expect(parts).toHaveLength(5);
    expect(parts[1]).toBe('');
    expect(JSON.parse(Buffer.from(parts[0]!, 'base64url').toString())).toEqual({
      alg: 'dir',
      enc: 'A256GCM',
      kid: keys.activeKey().kid,
      typ: TYP,
    });
    expect(Buffer.from(parts[3]!, 'base64url').toString('latin1')).not.toContain('example.com');
  });

  it.each([
    ['ciphertext', 3],
    ['authentication tag', 4],
    ['nonce', 2],
  ])('refuses a token whose %s was changed', async (_name, index) => {
    const tampered = replacePart(token, index, flipByte(token.split('.')[index]!));

    await expectTokenError(tampered, () => decryptJwe(tampered, keys, { typ: TYP }), 'TOKEN.BAD_SIGNATURE');
  });

  it('refuses a token whose protected header was changed (it is authenticated data)', async () => {
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const tampered = replacePart(token, 0, b64({ ...header, extra: 1 }));

    await expectTokenError(tampered, () => decryptJwe(tampered, keys, { typ: TYP }), 'TOKEN.BAD_SIGNATURE');
  });

  it('refuses a token made with another key set (unknown kid)', async () => {
    const other = await KeySet.generate({ use: 'enc' });

    await expectTokenError(token, () => decryptJwe(token, other, { typ: TYP }), 'TOKEN.UNKNOWN_KEY');
  });

  it('refuses a token when the key under the same kid is a different secret', async () => {
    const json = keys.toJSON();
    const impostor = KeySet.fromJSON({
      ...json,
      keys: json.keys.map((k) => ({ ...k, jwk: { kty: 'oct', k: randomBytes(32).toString('base64url') } })),
    });

    await expectTokenError(token, () => decryptJwe(token, impostor, { typ: TYP }), 'TOKEN.BAD_SIGNATURE');
  });

  it('refuses a token of another type', async () => {
    await expectTokenError(
      token,
      () => decryptJwe(token, keys, { typ: 'invitation+jwe' }),
      'TOKEN.WRONG_TYPE',
    );
  });

  it('refuses an expired token', async () => {
    const later = new Date(Date.now() + 601_000);

    await expectTokenError(
      token,
      () => decryptJwe(token, keys, { typ: TYP, currentDate: later }),
      'TOKEN.EXPIRED',
    );
  });

  it.each([
    ['alg A256KW', { alg: 'A256KW', enc: 'A256GCM' }, 32],
    ['enc A128GCM', { alg: 'dir', enc: 'A128GCM' }, 16],
  ])('refuses %s', async (_name, algorithms, keyBytes) => {
    const secret = createSecretKey(randomBytes(keyBytes));
    const forged = await new CompactEncrypt(
      new TextEncoder().encode(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 60 })),
    )
      .setProtectedHeader({ ...algorithms, kid: keys.activeKey().kid, typ: TYP })
      .encrypt(secret);

    await expectTokenError(forged, () => decryptJwe(forged, keys, { typ: TYP }), 'TOKEN.ALG_NOT_ALLOWED');
  });

  it('refuses a JWS where a JWE is expected', async () => {
    const jws = `${b64({ alg: 'EdDSA', typ: TYP, kid: 'x' })}.${b64({})}.sig`;

    await expectTokenError(jws, () => decryptJwe(jws, keys, { typ: TYP }), 'TOKEN.MALFORMED');
  });

  it('keeps working for tokens of a rotated key until it is retired', async () => {
    const oldKid = keys.activeKey().kid;
    await keys.rotate();

    await expect(decryptJwe(token, keys, { typ: TYP })).resolves.toMatchObject({ email: 'a@example.com' });
    keys.retire(oldKid);
    await expectTokenError(token, () => decryptJwe(token, keys, { typ: TYP }), 'TOKEN.UNKNOWN_KEY');
  });

  it('refuses to encrypt with a signing key set', async () => {
    const sig = await KeySet.generate({ use: 'sig' });

    await expect(encryptJwe(sig, {}, { typ: TYP, expiresInSeconds: 60 })).rejects.toMatchObject({
      code: 'KEYS.WRONG_USE',
    });
  });
});
