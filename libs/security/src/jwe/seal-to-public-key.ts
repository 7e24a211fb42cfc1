// JSON encrypted to someone else's public key (JWE compact, key agreement such as ECDH-ES): only the
// holder of the private key reads it, and AES-GCM authenticates the protected header with it, so the
// header can bind the ciphertext to its purpose (which request, which sender). Used for GDPR export
// parts, which must cross the outbox, the broker and cms's inbox as ciphertext only.
import { CompactEncrypt, importJWK, type JWK } from 'jose';

export interface SealHeader {
  alg: string;
  enc: string;
  typ: string;
  /** Further protected (authenticated, not encrypted) header parameters. */
  [parameter: string]: string;
}

export async function sealJsonToPublicKey(publicJwk: JWK, header: SealHeader, data: unknown): Promise<string> {
  const key = await importJWK({ ...publicJwk }, header.alg);
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(data)))
    .setProtectedHeader({ ...header, cty: 'json' })
    .encrypt(key);
}
