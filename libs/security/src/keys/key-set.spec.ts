import { inspect } from 'node:util';
import { KeySetError } from '../errors/key-set-error';
import { KeySet, type KeySetJson } from './key-set';

/** The `code` of what `run` throws, or undefined when it does not throw. */
function thrownCode(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
}

describe('KeySet', () => {
  it('generates one active Ed25519 signing key', async () => {
    const sut = await KeySet.generate({ use: 'sig' });

    const active = sut.activeKey();
    expect(sut.list()).toEqual([{ kid: active.kid, state: 'active', createdAt: expect.any(Number) }]);
    expect(active.key.asymmetricKeyType).toBe('ed25519');
    expect(active.key.type).toBe('private');
    expect(sut.keyFor(active.kid)?.key.type).toBe('public');
  });

  it('generates a 256-bit secret for encryption', async () => {
    const sut = await KeySet.generate({ use: 'enc' });

    const active = sut.activeKey();
    expect(active.key.type).toBe('secret');
    expect(active.key.symmetricKeySize).toBe(32);
    expect(sut.keyFor(active.kid)?.key).toBe(active.key);
  });

  it('publishes only public parts, with kid, alg and use', async () => {
    const sut = await KeySet.generate({ use: 'sig' });

    const { keys } = sut.publicJwks();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: expect.any(String),
      kid: sut.activeKey().kid,
      alg: 'EdDSA',
      use: 'sig',
    });
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('refuses to publish an encryption key set', async () => {
    const sut = await KeySet.generate({ use: 'enc' });

    expect(() => sut.publicJwks()).toThrow(KeySetError);
  });

  it('rotates: the new key is active, the previous one verify-only and still published', async () => {
    const sut = await KeySet.generate({ use: 'sig' });
    const first = sut.activeKey().kid;

    await sut.rotate();

    const second = sut.activeKey().kid;
    expect(second).not.toBe(first);
    expect(sut.keyFor(first)?.state).toBe('verify-only');
    expect(
      sut
        .publicJwks()
        .keys.map((k) => k.kid)
        .sort(),
    ).toEqual([first, second].sort());
  });

  it('retires a verify-only key: no longer usable, published or persisted with material', async () => {
    const sut = await KeySet.generate({ use: 'sig' });
    const first = sut.activeKey().kid;
    await sut.rotate();

    sut.retire(first);

    expect(sut.keyFor(first)).toBeUndefined();
    expect(sut.publicJwks().keys.map((k) => k.kid)).not.toContain(first);
    expect(sut.toJSON().keys.find((k) => k.kid === first)).toEqual({
      kid: first,
      state: 'retired',
      createdAt: expect.any(Number),
    });
  });

  it('refuses to retire the active key or an unknown one', async () => {
    const sut = await KeySet.generate({ use: 'sig' });

    expect(thrownCode(() => sut.retire(sut.activeKey().kid))).toBe('KEYS.ACTIVE_KEY');
    expect(thrownCode(() => sut.retire('nope'))).toBe('KEYS.UNKNOWN_KID');
  });

  it.each(['sig', 'enc'] as const)('survives a JSON round trip (%s)', async (use) => {
    const original = await KeySet.generate({ use });
    await original.rotate();

    const sut = KeySet.fromJSON(JSON.parse(JSON.stringify(original)));

    expect(sut.use).toBe(use);
    expect(sut.list()).toEqual(original.list());
    expect(sut.activeKey().key.equals(original.activeKey().key)).toBe(true);
  });

  it('rejects a file whose public part does not match its private part', async () => {
    const a = (await KeySet.generate({ use: 'sig' })).toJSON();
    const b = (await KeySet.generate({ use: 'sig' })).toJSON();
    const forged: KeySetJson = {
      ...a,
      keys: [{ ...a.keys[0]!, jwk: { ...a.keys[0]!.jwk, x: b.keys[0]!.jwk!.x } }],
    };

    expect(thrownCode(() => KeySet.fromJSON(forged))).toBe('KEYS.INVALID');
  });

  it('turns any failure of Node\'s own key import into KEYS.INVALID', async () => {
    const a = (await KeySet.generate({ use: 'sig' })).toJSON();
    // Well-formed base64url, but a private part of the wrong length: Node refuses it on import.
    const broken: KeySetJson = { ...a, keys: [{ ...a.keys[0]!, jwk: { ...a.keys[0]!.jwk, d: 'AAAA' } }] };

    expect(thrownCode(() => KeySet.fromJSON(broken, { source: 'access.json' }))).toBe('KEYS.INVALID');
    expect(() => KeySet.fromJSON(broken, { source: 'access.json' })).toThrow(
      `in access.json, key ${a.keys[0]!.kid}`,
    );
  });

  it.each([
    [
      'no active key',
      (j: KeySetJson) => ({ ...j, keys: j.keys.map((k) => ({ ...k, state: 'verify-only' })) }),
    ],
    [
      'duplicate kids',
      (j: KeySetJson) => ({ ...j, keys: [j.keys[0], { ...j.keys[0], state: 'verify-only' }] }),
    ],
    [
      'a short secret',
      (j: KeySetJson) => ({ ...j, keys: [{ ...j.keys[0], jwk: { kty: 'oct', k: 'AAAA' } }] }),
    ],
    ['another shape', () => ({ keys: [] })],
  ])('rejects a key set with %s', async (_name, corrupt) => {
    const json = (await KeySet.generate({ use: 'enc' })).toJSON();

    expect(thrownCode(() => KeySet.fromJSON(corrupt(json)))).toBe('KEYS.INVALID');
  });

  it('keeps key material out of inspect output', async () => {
    const sut = await KeySet.generate({ use: 'enc' });
    const secret = sut.toJSON().keys[0]!.jwk!.k!;

    expect(inspect(sut)).not.toContain(secret);
    expect(inspect(sut)).toContain(sut.activeKey().kid);
  });
});
