// Key sets on disk: `<dir>/<name>.json` (written by us at first start, or supplied by an operator in
// the same shape) or `<dir>/<name>.pem` (an operator's Ed25519 private key). Files are written
// 0600 in a 0700 folder, and created atomically so two processes starting together agree on one key.
import { calculateJwkThumbprint } from 'jose';
import { createPrivateKey, createPublicKey, type KeyObject, randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { KeySetError } from '../errors/key-set-error';
import { KeySet, type KeyUse } from './key-set';

export interface KeySetLocation {
  dir: string;
  /** File name without extension; letters, digits, `-` and `_` only. */
  name: string;
}

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

function pathsOf(location: KeySetLocation): { json: string; pem: string } {
  if (!/^[A-Za-z0-9_-]+$/.test(location.name)) {
    throw new KeySetError('KEYS.INVALID', 'A key set name may only hold letters, digits, "-" and "_".');
  }
  return {
    json: join(location.dir, `${location.name}.json`),
    pem: join(location.dir, `${location.name}.pem`),
  };
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function writeSecretFile(path: string, content: string): Promise<string> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', FILE_MODE);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return tmp;
}

/** Creates `path` only if it does not exist yet; false when another writer got there first. */
async function createExclusively(path: string, content: string): Promise<boolean> {
  const tmp = await writeSecretFile(path, content);
  try {
    await link(tmp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(tmp);
  }
}

function parseKeySetJson(text: string, use: KeyUse, source: string): KeySet {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KeySetError('KEYS.INVALID', `The key set file ${source} is not valid JSON.`);
  }
  const keys = KeySet.fromJSON(json, { source });
  if (keys.use !== use) throw new KeySetError('KEYS.WRONG_USE', `The key set file holds "${keys.use}" keys.`);
  return keys;
}

async function keySetFromPem(pem: string, source: string): Promise<KeySet> {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new KeySetError('KEYS.INVALID', `The PEM file ${source} does not hold a readable private key.`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new KeySetError('KEYS.INVALID', `The PEM file ${source} must hold an Ed25519 private key.`);
  }
  // Derived from the public key, so the kid stays the same across restarts without writing anything.
  const kid = await calculateJwkThumbprint(createPublicKey(privateKey).export({ format: 'jwk' }));
  return KeySet.fromSigningKey(privateKey, { kid });
}

export async function loadOrCreateKeySet(opts: KeySetLocation & { use: KeyUse }): Promise<KeySet> {
  const paths = pathsOf(opts);
  const [json, pem] = await Promise.all([readIfExists(paths.json), readIfExists(paths.pem)]);
  if (json !== undefined && pem !== undefined) {
    throw new KeySetError(
      'KEYS.AMBIGUOUS',
      `Both ${opts.name}.json and ${opts.name}.pem exist; keep only one.`,
    );
  }
  if (pem !== undefined) {
    if (opts.use !== 'sig') throw new KeySetError('KEYS.WRONG_USE', 'A PEM key can only be a signing key.');
    return keySetFromPem(pem, paths.pem);
  }
  if (json !== undefined) return parseKeySetJson(json, opts.use, paths.json);

  const keys = await KeySet.generate({ use: opts.use });
  await mkdir(opts.dir, { recursive: true, mode: DIR_MODE });
  if (await createExclusively(paths.json, `${JSON.stringify(keys.toJSON(), null, 2)}\n`)) return keys;
  // Another process created the file between our read and our write: use its keys, not ours.
  return parseKeySetJson(await readFile(paths.json, 'utf8'), opts.use, paths.json);
}

/** Persists a key set after rotation or retirement, replacing the file atomically (mode 0600). */
export async function saveKeySet(keys: KeySet, location: KeySetLocation): Promise<void> {
  const paths = pathsOf(location);
  await mkdir(location.dir, { recursive: true, mode: DIR_MODE });
  const tmp = await writeSecretFile(paths.json, `${JSON.stringify(keys.toJSON(), null, 2)}\n`);
  try {
    await rename(tmp, paths.json);
  } catch (error) {
    await unlink(tmp);
    throw error;
  }
}
