// The media host's TLS profile (RTMPS ingest and the HTTPS edge): TLS 1.2 and 1.3, forward-secret
// ECDHE key exchange with AEAD ciphers only (TLS 1.3's suites are all AEAD).
import type { SecureContextOptions } from 'node:tls';

export const AEAD_TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

export interface TlsMaterial {
  key: Buffer;
  cert: Buffer;
}

export function mediaTlsOptions(material: TlsMaterial): SecureContextOptions & { minVersion: 'TLSv1.2' } {
  return {
    key: material.key,
    cert: material.cert,
    minVersion: 'TLSv1.2',
    ciphers: AEAD_TLS12_CIPHERS,
    honorCipherOrder: true,
  };
}
