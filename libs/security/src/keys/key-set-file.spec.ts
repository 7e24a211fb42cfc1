import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeySet } from './key-set';
import { loadOrCreateKeySet, saveKeySet } from './key-set-file';

describe('loadOrCreateKeySet', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'keys-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('generates the key set at first start, 0600 in a 0700 folder, and reads the same one later', async () => {
    const dir = join(root, 'keys');

    const first = await loadOrCreateKeySet({ dir, name: 'access', use: 'sig' });
    const second = await loadOrCreateKeySet({ dir, name: 'access', use: 'sig' });

    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'access.json')).mode & 0o777).toBe(0o600);
    expect(second.activeKey().kid).toBe(first.activeKey().kid);
    expect(second.activeKey().key.equals(first.activeKey().key)).toBe(true);
  });

  it('ends with one key set when two callers start at once', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => loadOrCreateKeySet({ dir: root, name: 'links', use: 'enc' })),
    );

    const kids = new Set(results.map((k) => k.activeKey().kid));
    expect(kids.size).toBe(1);
  });

  it('accepts an operator-supplied Ed25519 PEM with a kid that is stable across restarts', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(join(root, 'access.pem'), privateKey.export({ format: 'pem', type: 'pkcs8' }));

    const first = await loadOrCreateKeySet({ dir: root, name: 'access', use: 'sig' });
    const second = await loadOrCreateKeySet({ dir: root, name: 'access', use: 'sig' });

    expect(first.activeKey().key.equals(privateKey)).toBe(true);
    expect(second.activeKey().kid).toBe(first.activeKey().kid);
  });

  it('refuses a PEM that is not Ed25519', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(join(root, 'access.pem'), privateKey.export({ format: 'pem', type: 'pkcs8' }));

    await expect(loadOrCreateKeySet({ dir: root, name: 'access', use: 'sig' })).rejects.toMatchObject({
      code: 'KEYS.INVALID',
    });
  });

  it('refuses to guess when both a JSON and a PEM key exist', async () => {
    await loadOrCreateKeySet({ dir: root, name: 'access', use: 'sig' });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(join(root, 'access.pem'), privateKey.export({ format: 'pem', type: 'pkcs8' }));

    await expect(loadOrCreateKeySet({ dir: root, name: 'access', use: 'sig' })).rejects.toMatchObject({
      code: 'KEYS.AMBIGUOUS',
    });
  });

  it('refuses a file holding keys for the other use', async () => {
    await loadOrCreateKeySet({ dir: root, name: 'k', use: 'enc' });

    await expect(loadOrCreateKeySet({ dir: root, name: 'k', use: 'sig' })).rejects.toMatchObject({
      code: 'KEYS.WRONG_USE',
    });
  });

  it('refuses a file whose public and private parts differ, naming the file and the key id', async () => {
    const a = (await KeySet.generate({ use: 'sig' })).toJSON();
    const b = (await KeySet.generate({ use: 'sig' })).toJSON();
    const forged = { ...a, keys: [{ ...a.keys[0]!, jwk: { ...a.keys[0]!.jwk, x: b.keys[0]!.jwk!.x } }] };
    writeFileSync(join(root, 'access.json'), JSON.stringify(forged));

    const refusal = loadOrCreateKeySet({ dir: root, name: 'access', use: 'sig' });

    await expect(refusal).rejects.toMatchObject({ code: 'KEYS.INVALID' });
    await expect(refusal).rejects.toThrow(join(root, 'access.json'));
    await expect(refusal).rejects.toThrow(a.keys[0]!.kid);
  });

  it('refuses a name that could leave the folder', async () => {
    await expect(loadOrCreateKeySet({ dir: root, name: '../escape', use: 'sig' })).rejects.toMatchObject({
      code: 'KEYS.INVALID',
    });
  });

  it('saveKeySet persists a rotation (0600)', async () => {
    const keys = await loadOrCreateKeySet({ dir: root, name: 'access', use: 'sig' });
    await keys.rotate();

    await saveKeySet(keys, { dir: root, name: 'access' });

    const path = join(root, 'access.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const reloaded = KeySet.fromJSON(JSON.parse(readFileSync(path, 'utf8')));
    expect(reloaded.list()).toEqual(keys.list());
  });
});
