// Encrypts a byte stream into a backup file: fixed-size records, the last one flagged final.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import {
  additionalData,
  CIPHER,
  DEFAULT_CHUNK_BYTES,
  encodePreamble,
  FORMAT_VERSION,
  headerDigest,
  nonceFor,
} from './format';
import { KEY_WRAP, type RecipientKey, wrapDataKey } from './keys';

export interface EnvelopeWriterOptions {
  recipient: RecipientKey;
  chunkBytes?: number;
  now?: Date;
}

export class EnvelopeWriter {
  private readonly dataKey = randomBytes(32);
  private readonly digest: Buffer;
  private readonly preamble: Buffer;
  private readonly chunkBytes: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0n;
  private finished = false;
  private readonly fileHash = createHash('sha256');
  /** Bytes written to the file so far. */
  written = 0;

  constructor(
    private readonly file: FileHandle,
    opts: EnvelopeWriterOptions,
  ) {
    this.chunkBytes = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    this.preamble = encodePreamble({
      format: 'webinar-backup',
      version: FORMAT_VERSION,
      cipher: CIPHER,
      keyWrap: KEY_WRAP,
      keyId: opts.recipient.keyId,
      wrappedKey: wrapDataKey(opts.recipient, this.dataKey).toString('base64'),
      chunkBytes: this.chunkBytes,
      createdAt: (opts.now ?? new Date()).toISOString(),
    });
    this.digest = headerDigest(this.preamble);
  }

  async start(): Promise<void> {
    await this.put(this.preamble);
  }

  async write(data: Buffer): Promise<void> {
    this.pending.push(data);
    this.pendingBytes += data.length;
    while (this.pendingBytes >= this.chunkBytes) {
      const all = Buffer.concat(this.pending);
      await this.record(all.subarray(0, this.chunkBytes), false);
      const rest = all.subarray(this.chunkBytes);
      this.pending = rest.length > 0 ? [rest] : [];
      this.pendingBytes = rest.length;
    }
  }

  /** Writes the remainder (possibly empty) as the final record and forgets the data key. */
  async finish(): Promise<void> {
    if (this.finished) return;
    await this.record(Buffer.concat(this.pending), true);
    this.pending = [];
    this.pendingBytes = 0;
    this.finished = true;
    this.dataKey.fill(0);
  }

  private async record(plaintext: Buffer, final: boolean): Promise<void> {
    const cipher = createCipheriv('aes-256-gcm', this.dataKey, nonceFor(this.index));
    cipher.setAAD(additionalData(this.digest, this.index, final));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    await this.put(Buffer.concat([length, body, cipher.getAuthTag()]));
    this.index += 1n;
  }

  private async put(bytes: Buffer): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await this.file.write(bytes, offset, bytes.length - offset);
      offset += bytesWritten;
    }
    this.fileHash.update(bytes);
    this.written += bytes.length;
  }

  /** SHA-256 of the whole file, once finished (lets an operator check a copy without the key). */
  fileSha256(): string {
    return this.fileHash.copy().digest('hex');
  }
}
