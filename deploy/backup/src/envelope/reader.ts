// Reads a backup file record by record, authenticating each before its plaintext is yielded. A
// consumer that must not act on partial data (restore) reads the whole file once to verify it
// before reading it again to use it.
import { createDecipheriv } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { BackupError } from '../errors';
import {
  additionalData,
  type EnvelopeHeader,
  headerDigest,
  MAGIC,
  nonceFor,
  parseHeader,
  parseHeaderLength,
  TAG_BYTES,
} from './format';
import { type RecipientKey, unwrapDataKey } from './keys';

export interface RecordLayout {
  /** File offset of the record's length field. */
  offset: number;
  /** Total bytes of the record (length field, ciphertext, tag). */
  bytes: number;
}

/** Reads exactly `length` bytes at `position`; fewer only at end of file. */
async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await file.read(buffer, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buffer.subarray(0, got);
}

export async function openBackup(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    throw new BackupError('BACKUP.NOT_FOUND', `cannot open the backup file ${path}`, { cause: error });
  }
}

/** The plaintext header and where the records start; no key needed (it holds nothing secret). */
export async function readHeader(file: FileHandle): Promise<{ header: EnvelopeHeader; preamble: Buffer }> {
  const prefix = await readAt(file, 0, MAGIC.length + 4);
  const length = parseHeaderLength(prefix);
  const json = await readAt(file, prefix.length, length);
  if (json.length < length) throw new BackupError('BACKUP.TRUNCATED', 'the backup file ends inside its header');
  return { header: parseHeader(json), preamble: Buffer.concat([prefix, json]) };
}

/** Yields each record's plaintext in order, after its tag verified; throws on any damage. */
export async function* decryptRecords(file: FileHandle, recipient: RecipientKey): AsyncGenerator<Buffer> {
  const { header, preamble } = await readHeader(file);
  if (header.keyId !== recipient.keyId) {
    throw new BackupError(
      'BACKUP.WRONG_KEY',
      `this backup was encrypted for key ${header.keyId}; the private key given is ${recipient.keyId}`,
    );
  }
  const dataKey = unwrapDataKey(recipient, Buffer.from(header.wrappedKey, 'base64'));
  const digest = headerDigest(preamble);
  let position = preamble.length;
  let index = 0n;
  try {
    for (;;) {
      const lengthField = await readAt(file, position, 4);
      if (lengthField.length === 0) {
        throw new BackupError('BACKUP.TRUNCATED', `the backup file ends after record ${index} without its final record`);
      }
      if (lengthField.length < 4) throw new BackupError('BACKUP.TRUNCATED', 'the backup file ends inside a record');
      const length = lengthField.readUInt32BE(0);
      if (length > header.chunkBytes) {
        throw new BackupError('BACKUP.TAMPERED', `record ${index} claims ${length} bytes, more than the file's chunk size`);
      }
      const body = await readAt(file, position + 4, length + TAG_BYTES);
      if (body.length < length + TAG_BYTES) throw new BackupError('BACKUP.TRUNCATED', 'the backup file ends inside a record');
      position += 4 + length + TAG_BYTES;
      const plaintext = open1(dataKey, digest, index, body, length);
      if (plaintext.final) {
        const trailing = await readAt(file, position, 1);
        if (trailing.length > 0) throw new BackupError('BACKUP.TAMPERED', 'the backup file has data after its final record');
        if (plaintext.data.length > 0) yield plaintext.data;
        return;
      }
      yield plaintext.data;
      index += 1n;
    }
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Authenticates one record. The final flag is not stored in clear: a record is tried as non-final
 * and then as final, so a cut at a record boundary cannot pass a middle record off as the last.
 */
function open1(dataKey: Buffer, digest: Buffer, index: bigint, body: Buffer, length: number): { data: Buffer; final: boolean } {
  const ciphertext = body.subarray(0, length);
  const tag = body.subarray(length);
  for (const final of [false, true]) {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, nonceFor(index));
    decipher.setAAD(additionalData(digest, index, final));
    decipher.setAuthTag(tag);
    try {
      const data = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
      return { data, final };
    } catch {
      // try the other flag; if neither authenticates, the record was altered
    }
  }
  throw new BackupError('BACKUP.TAMPERED', `record ${index} fails authentication: the backup file was altered or damaged`);
}

/** Where each record sits in the file (for tests and for `verify` reports); reads no plaintext. */
export async function recordLayout(file: FileHandle): Promise<RecordLayout[]> {
  const { preamble } = await readHeader(file);
  const layout: RecordLayout[] = [];
  let position = preamble.length;
  for (;;) {
    const lengthField = await readAt(file, position, 4);
    if (lengthField.length < 4) return layout;
    const bytes = 4 + lengthField.readUInt32BE(0) + TAG_BYTES;
    layout.push({ offset: position, bytes });
    position += bytes;
  }
}
