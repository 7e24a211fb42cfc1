// A service's export part, encrypted to the export's ephemeral public key (JWE compact, ECDH-ES +
// A256GCM). The protected header names the request and the service, and AES-GCM authenticates it, so
// cms can tell a part made for this export by this service from anything else. Neither the outbox,
// the broker nor cms's inbox ever holds the data in the clear.
import { type EventPayload, type Events, PRIVACY_EXPORT_JWE } from '@webinar/contracts';
import { CompactEncrypt, importJWK } from 'jose';

type ExportPublicKey = EventPayload<typeof Events.PrivacyExportRequested>['publicKey'];

export async function sealExportPart(
  publicKey: ExportPublicKey,
  part: { requestId: string; service: string },
  data: unknown,
): Promise<string> {
  const key = await importJWK({ ...publicKey }, PRIVACY_EXPORT_JWE.alg);
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(data)))
    .setProtectedHeader({
      alg: PRIVACY_EXPORT_JWE.alg,
      enc: PRIVACY_EXPORT_JWE.enc,
      typ: PRIVACY_EXPORT_JWE.typ,
      cty: 'json',
      rid: part.requestId,
      svc: part.service,
    })
    .encrypt(key);
}
