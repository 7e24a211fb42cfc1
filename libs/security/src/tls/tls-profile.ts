// The one TLS profile of every node TLS listener (the web tier's HTTPS in either shape, the media
// edge, RTMPS ingest, the ingest's origin endpoint): TLS 1.2 and 1.3 only; for TLS 1.2 forward-secret
// ECDHE key exchange with AEAD ciphers only (AES-GCM, ChaCha20-Poly1305), never CBC, never static RSA
// or DHE; TLS 1.3's three standard AEAD suites; the server's preference order; key-exchange groups
// chosen from what the linked OpenSSL offers (the post-quantum hybrid X25519MLKEM768 first where it
// exists, OpenSSL 3.5+; X25519 and the NIST curves otherwise). nginx (nginx/) is held to the same list.
import { getCurves } from 'node:crypto';
import { createSecureContext, type SecureContextOptions } from 'node:tls';

/** TLS 1.2 suites: ECDHE (ECDSA or RSA certificates) with AES-GCM or ChaCha20-Poly1305, strongest first. */
export const AEAD_TLS12_CIPHER_LIST = Object.freeze([
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
] as const);

/** TLS 1.3 suites (all AEAD); pinned so that a changed OpenSSL default cannot add CCM or others. */
export const TLS13_CIPHER_SUITES = Object.freeze(['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'] as const);

export const AEAD_TLS12_CIPHERS = AEAD_TLS12_CIPHER_LIST.join(':');

/** Key-exchange groups in preference order; the ones the local OpenSSL lacks are left out. */
export const PREFERRED_ECDH_GROUPS = Object.freeze(['X25519MLKEM768', 'X25519', 'prime256v1', 'secp384r1'] as const);

export interface TlsMaterial {
  key: string | Buffer;
  cert: string | Buffer;
}

export type TlsServerOptions = SecureContextOptions & {
  key: string | Buffer;
  cert: string | Buffer;
  minVersion: 'TLSv1.2';
  ciphers: string;
  honorCipherOrder: true;
  ecdhCurve: string;
};

let groups: string | undefined;

/**
 * The groups of PREFERRED_ECDH_GROUPS this process's OpenSSL accepts, `:`-joined. NIST curves are
 * looked up in `crypto.getCurves()`; X25519 and the hybrid groups are not EC curves there, so each is
 * tried on a throwaway secure context (Debian 12's OpenSSL 3.0 refuses X25519MLKEM768, 3.5 takes it).
 */
export function supportedEcdhGroups(): string {
  if (groups !== undefined) return groups;
  const curves = new Set(getCurves());
  const usable = PREFERRED_ECDH_GROUPS.filter((group) => {
    if (group.startsWith('prime') || group.startsWith('secp')) return curves.has(group);
    try {
      createSecureContext({ ecdhCurve: group });
      return true;
    } catch {
      return false;
    }
  });
  // P-256 is in every OpenSSL build Node supports; keep it as the floor if the probe found nothing.
  groups = (usable.length > 0 ? usable : ['prime256v1']).join(':');
  return groups;
}

/** Options for `https.createServer`, `tls.createServer`, Fastify's `https` and `setSecureContext`. */
export function tlsServerOptions(material: TlsMaterial): TlsServerOptions {
  return {
    key: material.key,
    cert: material.cert,
    minVersion: 'TLSv1.2',
    ciphers: [...TLS13_CIPHER_SUITES, ...AEAD_TLS12_CIPHER_LIST].join(':'),
    honorCipherOrder: true,
    ecdhCurve: supportedEcdhGroups(),
  };
}
