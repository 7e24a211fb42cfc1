// The backup file format (version 1), an envelope around a stream of bytes:
//
//   magic "WBNRBKP1" | u32 header length | header JSON | record* (the last one flagged final)
//   record = u32 ciphertext length | ciphertext | 16-byte GCM tag
//
// The header is plaintext but holds nothing personal (format, cipher, chunk size, key id, the data
// key wrapped for the operator's public key, creation time). Every record is AES-256-GCM under a
// random per-file data key, with nonce = its index and additional data = SHA-256 of the magic and
// header, the index and a final flag. So a changed header, a changed, reordered, dropped or added
// record, and a file cut anywhere — even exactly between two records — all fail authentication or
// the final-record check: nothing from a damaged file is ever handed on as if it were whole.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { BackupError } from '../errors';

export const MAGIC = Buffer.from('WBNRBKP1', 'ascii');
export const FORMAT_VERSION = 1;
export const CIPHER = 'AES-256-GCM';
export const TAG_BYTES = 16;
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;
export const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
const MAX_HEADER_BYTES = 64 * 1024;

export const headerSchema = z.object({
  format: z.literal('webinar-backup'),
  version: z.literal(FORMAT_VERSION),
  cipher: z.literal(CIPHER),
  keyWrap: z.literal('RSA-OAEP-256'),
  keyId: z.string().regex(/^sha256:[0-9a-f]{32}$/),
  wrappedKey: z.base64().max(4096),
  chunkBytes: z.number().int().min(1024).max(MAX_CHUNK_BYTES),
  createdAt: z.iso.datetime(),
});
export type EnvelopeHeader = z.infer<typeof headerSchema>;

/** The prefix written before the first record: magic, header length, header. */
export function encodePreamble(header: EnvelopeHeader): Buffer {
  const json = Buffer.from(JSON.stringify(headerSchema.parse(header)), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([MAGIC, length, json]);
}

/** What every record's additional data starts with: binds each record to this exact header. */
export function headerDigest(preamble: Buffer): Buffer {
  return createHash('sha256').update(preamble).digest();
}

export function nonceFor(index: bigint): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(index, 4);
  return nonce;
}

export function additionalData(digest: Buffer, index: bigint, final: boolean): Buffer {
  const tail = Buffer.alloc(9);
  tail.writeBigUInt64BE(index, 0);
  tail.writeUInt8(final ? 1 : 0, 8);
  return Buffer.concat([digest, tail]);
}

export function parseHeaderLength(prefix: Buffer): number {
  if (prefix.length < MAGIC.length + 4 || !prefix.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new BackupError('BACKUP.FORMAT', 'not a webinar backup file (wrong magic bytes)');
  }
  const length = prefix.readUInt32BE(MAGIC.length);
  if (length < 2 || length > MAX_HEADER_BYTES) throw new BackupError('BACKUP.FORMAT', 'the backup header has an impossible length');
  return length;
}

export function parseHeader(json: Buffer): EnvelopeHeader {
  let value: unknown;
  try {
    value = JSON.parse(json.toString('utf8'));
  } catch (error) {
    throw new BackupError('BACKUP.FORMAT', 'the backup header is not JSON', { cause: error });
  }
  const parsed = headerSchema.safeParse(value);
  if (!parsed.success) {
    const version = (value as { version?: unknown } | null)?.version;
    const hint = typeof version === 'number' && version !== FORMAT_VERSION ? ` (format version ${version}; this tool reads ${FORMAT_VERSION})` : '';
    throw new BackupError('BACKUP.FORMAT', `the backup header is not a valid version-${FORMAT_VERSION} header${hint}`);
  }
  return parsed.data;
}
