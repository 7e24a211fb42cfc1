// The media host's TLS profile (RTMPS ingest, the HTTPS edge, the origin endpoint) is the platform's
// one profile, defined in @webinar/security (tls/tls-profile.ts): TLS 1.2 and 1.3, ECDHE with AEAD
// ciphers only. This module keeps the media tier's names for it.
import { AEAD_TLS12_CIPHERS, tlsServerOptions, type TlsServerOptions } from '@webinar/security';

export { AEAD_TLS12_CIPHERS };

export interface TlsMaterial {
  key: Buffer;
  cert: Buffer;
}

export function mediaTlsOptions(material: TlsMaterial): TlsServerOptions {
  return tlsServerOptions(material);
}
