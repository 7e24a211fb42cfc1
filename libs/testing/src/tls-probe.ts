// Test helpers for TLS profiles: certificates of both key types made at test time, and one handshake
// per call offering exactly one protocol version / cipher suite / group, so a test can show what a
// listener accepts and refuses suite by suite (as `openssl s_client -cipher X` does).
import { connect, getCiphers, type TLSSocket } from 'node:tls';
import { generate } from 'selfsigned';

export type TestCertificateKind = 'ecdsa-p256' | 'rsa-2048';

export async function testCertificate(kind: TestCertificateKind): Promise<{ key: Buffer; cert: Buffer }> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    ...(kind === 'ecdsa-p256' ? { keyType: 'ec' as const, curve: 'P-256' as const } : { keyType: 'rsa' as const, keySize: 2048 }),
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 24 * 3600 * 1000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7 as const, ip: '127.0.0.1' }] }],
  });
  return { key: Buffer.from(pems.private), cert: Buffer.from(pems.cert) };
}

export interface HandshakeOffer {
  /** OpenSSL name of the one TLS ≤ 1.2 suite offered (e.g. `ECDHE-ECDSA-AES128-SHA`). */
  cipher?: string;
  /** The one TLS 1.3 suite offered (e.g. `TLS_AES_128_GCM_SHA256`). */
  tls13Suite?: string;
  /** Offer exactly this protocol version. Default: what the suite implies. */
  version?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  /** Offer only this key-exchange group. */
  group?: string;
}

export type HandshakeResult =
  | { ok: true; protocol: string; cipher: string; group: string | undefined }
  | { ok: false; error: string };

/**
 * One TLS handshake to host:port offering only what `offer` says; resolves whether it completed.
 * The client runs at OpenSSL security level 0, so a refusal is the server's, not the client's own
 * policy (TLS 1.0/1.1 and SHA-1 suites are otherwise refused by the client side of OpenSSL 3).
 */
export function tlsHandshake(port: number, offer: HandshakeOffer, host = '127.0.0.1'): Promise<HandshakeResult> {
  const version = offer.version ?? (offer.tls13Suite ? 'TLSv1.3' : 'TLSv1.2');
  // Node needs a TLS ≤ 1.2 list even for a 1.3-only client; pinning the version keeps it unused.
  const legacy = offer.cipher ?? 'ECDHE-ECDSA-AES128-GCM-SHA256';
  const ciphers = [...(offer.tls13Suite ? [offer.tls13Suite] : []), `${legacy}:@SECLEVEL=0`].join(':');
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: HandshakeResult, socket: TLSSocket): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(result);
    };
    let socket: TLSSocket;
    try {
      socket = connect({
        host,
        port,
        rejectUnauthorized: false,
        minVersion: version,
        maxVersion: version,
        ciphers,
        ...(offer.group ? { ecdhCurve: offer.group } : {}),
      });
    } catch (error) {
      // This client's OpenSSL cannot even offer it (an unknown group or suite).
      settled = true;
      resolve({ ok: false, error: error instanceof Error ? error.message : String(error) });
      return;
    }
    socket.setTimeout(5000, () => finish({ ok: false, error: 'timeout' }, socket));
    socket.once('secureConnect', () => {
      const info = socket.getEphemeralKeyInfo() as { name?: string } | null;
      finish({ ok: true, protocol: socket.getProtocol() ?? '', cipher: socket.getCipher().name, group: info?.name }, socket);
    });
    socket.once('error', (error: Error) => finish({ ok: false, error: error.message }, socket));
    socket.once('close', () => finish({ ok: false, error: 'closed' }, socket));
  });
}

/** The CBC and other non-AEAD TLS 1.2 suites a scanner tries first (the review's list and friends). */
export const NON_AEAD_TLS12_SUITES = Object.freeze([
  'ECDHE-ECDSA-AES128-SHA',
  'ECDHE-ECDSA-AES256-SHA',
  'ECDHE-ECDSA-AES128-SHA256',
  'ECDHE-ECDSA-AES256-SHA384',
  'ECDHE-RSA-AES128-SHA',
  'ECDHE-RSA-AES256-SHA',
  'ECDHE-RSA-AES128-SHA256',
  'ECDHE-RSA-AES256-SHA384',
  'AES128-SHA',
  'AES256-SHA',
  'AES128-SHA256',
  'AES256-SHA256',
  'DHE-RSA-AES128-SHA',
  'DHE-RSA-AES256-SHA256',
]);

/** AEAD, but without forward secrecy (static RSA) or with finite-field DHE: outside the profile too. */
export const NON_ECDHE_AEAD_TLS12_SUITES = Object.freeze([
  'AES128-GCM-SHA256',
  'AES256-GCM-SHA384',
  'DHE-RSA-AES128-GCM-SHA256',
  'DHE-RSA-CHACHA20-POLY1305',
]);

/** Every TLS ≤ 1.2 suite this process's OpenSSL can offer, upper-cased OpenSSL names. */
export function allTls12Suites(): string[] {
  return getCiphers()
    .map((name) => name.toUpperCase())
    .filter((name) => !name.startsWith('TLS_'));
}

export interface TlsProfileReport {
  /** TLS 1.2 suites (of allTls12Suites()) the listener completed a handshake with. */
  tls12Accepted: string[];
  /** TLS 1.3 suites the listener completed a handshake with. */
  tls13Accepted: string[];
  /** `TLSv1` / `TLSv1.1` when the listener completed a handshake in that version (any suite). */
  legacyVersionsAccepted: string[];
  /** Groups (offered one at a time over TLS 1.3) the listener completed a handshake with. */
  groupsAccepted: string[];
}

const TLS13_SUITES = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_CCM_SHA256', 'TLS_AES_128_CCM_8_SHA256'];
const GROUPS = ['X25519MLKEM768', 'X25519', 'prime256v1', 'secp384r1', 'secp521r1', 'X448', 'ffdhe2048'];

/** Every suite, version and group tried one by one against the listener at `port`. */
export async function assessTlsProfile(port: number): Promise<TlsProfileReport> {
  const accepted = async <T>(items: readonly T[], offer: (item: T) => HandshakeOffer): Promise<T[]> => {
    const out: T[] = [];
    for (const item of items) if ((await tlsHandshake(port, offer(item))).ok) out.push(item);
    return out;
  };
  const legacySuites = 'ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:AES128-SHA:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:AES256-SHA';
  return {
    tls12Accepted: await accepted(allTls12Suites(), (cipher) => ({ cipher, version: 'TLSv1.2' })),
    tls13Accepted: await accepted(TLS13_SUITES, (tls13Suite) => ({ tls13Suite })),
    legacyVersionsAccepted: await accepted(['TLSv1', 'TLSv1.1'] as const, (version) => ({ version, cipher: legacySuites })),
    groupsAccepted: await accepted(GROUPS, (group) => ({ tls13Suite: 'TLS_AES_128_GCM_SHA256', group })),
  };
}
