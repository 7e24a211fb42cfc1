import { generateKeyPair, randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BackupError } from '../errors';
import { MAGIC } from './format';
import { privateRecipient, publicRecipient, type RecipientKey } from './keys';
import { decryptRecords, openBackup, readHeader, recordLayout } from './reader';
import { EnvelopeWriter } from './writer';

const generate = promisify(generateKeyPair);

async function rsaPair(bits: number): Promise<{ pub: RecipientKey; priv: RecipientKey; privatePem: string; publicPem: string }> {
  const { publicKey, privateKey } = await generate('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { pub: publicRecipient(publicKey), priv: privateRecipient(privateKey), privatePem: privateKey, publicPem: publicKey };
}

describe('backup envelope', () => {
  let dir: string;
  let alice: Awaited<ReturnType<typeof rsaPair>>;
  let mallory: Awaited<ReturnType<typeof rsaPair>>;
  // 10 full records of 1 KiB and a final one of 300 bytes.
  const payload = randomBytes(10 * 1024 + 300);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'envelope-'));
    [alice, mallory] = await Promise.all([rsaPair(3072), rsaPair(3072)]);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function seal(name: string, data: Buffer, pieces = 7): Promise<string> {
    const path = join(dir, name);
    const file = await open(path, 'w');
    const writer = new EnvelopeWriter(file, { recipient: alice.pub, chunkBytes: 1024 });
    await writer.start();
    const step = Math.ceil(data.length / pieces);
    for (let i = 0; i < data.length; i += step) await writer.write(data.subarray(i, i + step));
    await writer.finish();
    await file.close();
    return path;
  }

  async function unseal(path: string, key: RecipientKey = alice.priv): Promise<Buffer> {
    const file = await openBackup(path);
    try {
      const parts: Buffer[] = [];
      for await (const part of decryptRecords(file, key)) parts.push(part);
      return Buffer.concat(parts);
    } finally {
      await file.close();
    }
  }

  async function failure(promise: Promise<unknown>): Promise<string> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackupError);
    return (error as BackupError).code;
  }

  it('gives back exactly what was written, in records of the chunk size', async () => {
    const path = await seal('roundtrip', payload);

    expect((await unseal(path)).equals(payload)).toBe(true);
    const file = await openBackup(path);
    const layout = await recordLayout(file);
    const { header } = await readHeader(file);
    await file.close();
    expect(layout).toHaveLength(11);
    expect(header).toMatchObject({ version: 1, cipher: 'AES-256-GCM', keyWrap: 'RSA-OAEP-256', keyId: alice.pub.keyId, chunkBytes: 1024 });
  });

  it('holds no plaintext: a repeated marker in the payload does not appear in the file', async () => {
    const marker = Buffer.from('PLAINTEXT-MARKER-0123456789');
    const data = Buffer.concat(Array.from({ length: 200 }, () => marker));
    const path = await seal('marker', data);

    expect((await readFile(path)).includes(marker)).toBe(false);
    expect((await unseal(path)).includes(marker)).toBe(true);
  });

  it('seals an empty payload as a single final record', async () => {
    const path = await seal('empty', Buffer.alloc(0));

    expect(await unseal(path)).toHaveLength(0);
  });

  it('refuses a file with any single byte of a record changed', async () => {
    const path = await seal('tamper', payload);
    const original = await readFile(path);
    const file = await openBackup(path);
    const layout = await recordLayout(file);
    await file.close();
    // A ciphertext byte, a tag byte, in the first, a middle and the last record.
    const positions = [layout[0]!.offset + 10, layout[5]!.offset + layout[5]!.bytes - 1, layout[10]!.offset + 4];
    for (const position of positions) {
      const damaged = Buffer.from(original);
      damaged[position]! ^= 0x01;
      await writeFile(path, damaged);
      expect(await failure(unseal(path))).toBe('BACKUP.TAMPERED');
    }
  });

  it('refuses a changed header, even a field that is not secret', async () => {
    const path = await seal('header', payload);
    const original = await readFile(path);
    const text = original.toString('latin1');
    const at = text.indexOf('"createdAt":"') + '"createdAt":"'.length;
    const damaged = Buffer.from(original);
    damaged[at + 3] = damaged[at + 3] === 0x31 ? 0x32 : 0x31; // another year, same length
    await writeFile(path, damaged);

    expect(await failure(unseal(path))).toBe('BACKUP.TAMPERED');
  });

  it('refuses a file cut inside a record and a file cut exactly between two records', async () => {
    const path = await seal('cut', payload);
    const file = await openBackup(path);
    const layout = await recordLayout(file);
    await file.close();

    await truncate(path, layout[10]!.offset); // the final record is gone, every earlier one is intact
    expect(await failure(unseal(path))).toBe('BACKUP.TRUNCATED');
    await truncate(path, layout[4]!.offset + 100);
    expect(await failure(unseal(path))).toBe('BACKUP.TRUNCATED');
  });

  it('refuses swapped records and data appended after the final record', async () => {
    const path = await seal('swap', payload);
    const original = await readFile(path);
    const file = await openBackup(path);
    const layout = await recordLayout(file);
    await file.close();
    const record = (i: number) => original.subarray(layout[i]!.offset, layout[i]!.offset + layout[i]!.bytes);
    const swapped = Buffer.concat([original.subarray(0, layout[1]!.offset), record(2), record(1), original.subarray(layout[3]!.offset)]);
    await writeFile(path, swapped);
    expect(await failure(unseal(path))).toBe('BACKUP.TAMPERED');

    await writeFile(path, Buffer.concat([original, record(3)]));
    expect(await failure(unseal(path))).toBe('BACKUP.TAMPERED');
  });

  it('refuses another private key, naming the key the backup needs', async () => {
    const path = await seal('wrong-key', payload);

    const error = await unseal(path, mallory.priv).catch((e: unknown) => e as BackupError);
    expect(error).toMatchObject({ code: 'BACKUP.WRONG_KEY' });
    expect((error as BackupError).message).toContain(alice.pub.keyId);
  });

  it('refuses another private key even when the header is edited to claim its id', async () => {
    const path = await seal('forged-id', payload);
    const original = await readFile(path);
    const forged = Buffer.from(original.toString('latin1').replace(alice.pub.keyId, mallory.pub.keyId), 'latin1');
    await writeFile(path, forged);

    expect(await failure(unseal(path, mallory.priv))).toBe('BACKUP.WRONG_KEY');
  });

  it('refuses what is not a backup file', async () => {
    const path = join(dir, 'not-a-backup');
    await writeFile(path, Buffer.from('PGDMP custom format, not encrypted'));
    expect(await failure(unseal(path))).toBe('BACKUP.FORMAT');
    await writeFile(path, Buffer.concat([MAGIC, Buffer.from([0, 0, 0, 5]), Buffer.from('{"a":')]));
    expect(await failure(unseal(path))).toBe('BACKUP.FORMAT');
  });

  it('accepts RSA keys of 3072 bits or more only', async () => {
    const weak = await generate('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const ec = await generate('x25519', { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

    const codeOf = (pem: string) => {
      try {
        publicRecipient(pem);
        return 'accepted';
      } catch (error) {
        return (error as BackupError).code;
      }
    };
    expect(codeOf(weak.publicKey)).toBe('BACKUP.KEY_UNSUITABLE');
    expect(codeOf(ec.publicKey)).toBe('BACKUP.KEY_UNSUITABLE');
    expect(codeOf('-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----\n')).toBe('BACKUP.KEY_UNREADABLE');
    expect(codeOf(alice.publicPem)).toBe('accepted');
  });

  it('reads a passphrase-protected private key only with its passphrase, without echoing either', async () => {
    const { createPrivateKey } = await import('node:crypto');
    const passphrase = 'correct horse battery staple 42';
    const encrypted = createPrivateKey(alice.privatePem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;

    expect(privateRecipient(encrypted, passphrase).keyId).toBe(alice.pub.keyId);
    let message = '';
    try {
      privateRecipient(encrypted, 'wrong passphrase');
    } catch (error) {
      expect(error).toMatchObject({ code: 'BACKUP.KEY_UNREADABLE' });
      message = (error as Error).message;
    }
    expect(message).not.toBe('');
    expect(message).not.toContain('wrong passphrase');
    expect(message).not.toContain('BEGIN');
  });
});
