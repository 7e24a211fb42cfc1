// The export's ephemeral key pair (ECDH P-256). The public half goes to every service in the request;
// they encrypt their part to it (JWE ECDH-ES + A256GCM), so the bus, the outboxes, the inboxes and
// the parts table only ever hold ciphertext. The private half is sealed under the person's own key.
import { exportPublicKeySchema, PRIVACY_EXPORT_JWE } from '@webinar/contracts';
import { compactDecrypt, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { z } from 'zod';

export type ExportPublicKey = z.infer<typeof exportPublicKeySchema>;

export interface ExportKeyPair {
  publicKey: ExportPublicKey;
  /** The private JWK as JSON: seal it before it touches the database. */
  privateJwk: string;
}

export async function newExportKeyPair(): Promise<ExportKeyPair> {
  const { publicKey, privateKey } = await generateKeyPair(PRIVACY_EXPORT_JWE.alg, { crv: 'P-256', extractable: true });
  const pub = await exportJWK(publicKey);
  return {
    publicKey: exportPublicKeySchema.parse({ kty: pub.kty, crv: pub.crv, x: pub.x, y: pub.y }),
    privateJwk: JSON.stringify(await exportJWK(privateKey)),
  };
}

export class ExportPartRejected extends Error {
  constructor(reason: string) {
    super(`export part rejected: ${reason}`);
    this.name = 'ExportPartRejected';
  }
}

/**
 * Opens a part and checks that it was made for this export and this service (both in the protected
 * header, which AES-GCM authenticates). Returns the service's data.
 * @throws ExportPartRejected for anything that does not open or does not match.
 */
export async function openExportPart(
  privateJwk: string,
  jwe: string,
  expected: { exportId: string; service: string },
): Promise<unknown> {
  let opened: Awaited<ReturnType<typeof compactDecrypt>>;
  try {
    const key = await importJWK(JSON.parse(privateJwk) as JWK, PRIVACY_EXPORT_JWE.alg);
    opened = await compactDecrypt(jwe, key, {
      keyManagementAlgorithms: [PRIVACY_EXPORT_JWE.alg],
      contentEncryptionAlgorithms: [PRIVACY_EXPORT_JWE.enc],
    });
  } catch {
    throw new ExportPartRejected('does not decrypt with the export key');
  }
  const header = opened.protectedHeader as Record<string, unknown>;
  if (header['typ'] !== PRIVACY_EXPORT_JWE.typ) throw new ExportPartRejected('wrong typ');
  if (header['rid'] !== expected.exportId) throw new ExportPartRejected('made for another export');
  if (header['svc'] !== expected.service) throw new ExportPartRejected('made by another service');
  try {
    return JSON.parse(new TextDecoder().decode(opened.plaintext)) as unknown;
  } catch {
    throw new ExportPartRejected('content is not JSON');
  }
}
