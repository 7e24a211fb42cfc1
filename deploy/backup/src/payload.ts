// The plaintext inside the envelope: u32 manifest length | manifest JSON | pg_dump's custom-format
// output. The manifest comes first so that restore knows what to expect before it restores.
import { BackupError } from './errors';
import { decodeManifest, type Manifest } from './manifest';

const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** Splits decrypted records into the manifest and the dump bytes, handed to `onDump` in order. */
export async function readPayload(
  records: AsyncIterable<Buffer>,
  onDump: (chunk: Buffer) => Promise<void>,
): Promise<{ manifest: Manifest; dumpBytes: number }> {
  let head = Buffer.alloc(0);
  let manifest: Manifest | undefined;
  let dumpBytes = 0;
  for await (const record of records) {
    if (manifest) {
      dumpBytes += record.length;
      await onDump(record);
      continue;
    }
    head = Buffer.concat([head, record]);
    if (head.length < 4) continue;
    const length = head.readUInt32BE(0);
    if (length > MAX_MANIFEST_BYTES) throw new BackupError('BACKUP.FORMAT', 'the backup manifest has an impossible length');
    if (head.length < 4 + length) continue;
    manifest = decodeManifest(head.subarray(4, 4 + length));
    const rest = head.subarray(4 + length);
    head = Buffer.alloc(0);
    if (rest.length > 0) {
      dumpBytes += rest.length;
      await onDump(rest);
    }
  }
  if (!manifest) throw new BackupError('BACKUP.FORMAT', 'the backup holds no manifest');
  if (dumpBytes === 0) throw new BackupError('BACKUP.FORMAT', 'the backup holds no database dump');
  return { manifest, dumpBytes };
}
