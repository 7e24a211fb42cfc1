// `verify`: decrypts and authenticates a whole backup without restoring it. Restore runs this first,
// so a damaged or altered file is refused before anything reaches the target database.
import type { RecipientKey } from './envelope/keys';
import { decryptRecords, openBackup } from './envelope/reader';
import type { Manifest } from './manifest';
import { readPayload } from './payload';

export interface VerifyResult {
  manifest: Manifest;
  dumpBytes: number;
}

export async function verifyBackup(path: string, recipient: RecipientKey): Promise<VerifyResult> {
  const file = await openBackup(path);
  try {
    return await readPayload(decryptRecords(file, recipient), async () => undefined);
  } finally {
    await file.close();
  }
}
