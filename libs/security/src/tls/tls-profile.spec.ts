// The platform's TLS profile as a scanner sees it: for an ECDSA P-256 and an RSA 2048 certificate,
// every TLS 1.2 suite this OpenSSL knows is offered alone, then each TLS 1.3 suite, TLS 1.0/1.1 and
// each key-exchange group. Only ECDHE + AEAD (1.2), the three standard TLS 1.3 suites and the chosen
// groups complete. A permissive listener on the same certificate shows the probe itself can connect
// with the refused suites (so a refusal is the profile's doing).
import { assessTlsProfile, NON_AEAD_TLS12_SUITES, NON_ECDHE_AEAD_TLS12_SUITES, testCertificate, type TestCertificateKind, tlsHandshake } from '@webinar/testing';
import { getCurves } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type Server, type TlsOptions } from 'node:tls';
import { AEAD_TLS12_CIPHER_LIST, PREFERRED_ECDH_GROUPS, supportedEcdhGroups, TLS13_CIPHER_SUITES, tlsServerOptions } from './tls-profile';

async function listen(options: TlsOptions): Promise<{ server: Server; port: number }> {
  const server = createServer(options, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));
const forKey = (kind: TestCertificateKind, suites: readonly string[]): string[] =>
  suites.filter((suite) => suite.includes('ECDSA') === (kind === 'ecdsa-p256')).sort();

describe('tlsServerOptions', () => {
  jest.setTimeout(60_000);

  it('chooses key-exchange groups among those the local OpenSSL offers, hybrid post-quantum first when present', () => {
    const groups = supportedEcdhGroups().split(':');
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) expect(PREFERRED_ECDH_GROUPS).toContain(group);
    expect(groups).toContain('prime256v1');
    for (const curve of groups.filter((g) => g.startsWith('prime') || g.startsWith('secp'))) expect(getCurves()).toContain(curve);
    // Order is the preference order.
    expect([...groups].sort((a, b) => PREFERRED_ECDH_GROUPS.indexOf(a as never) - PREFERRED_ECDH_GROUPS.indexOf(b as never))).toEqual(groups);
  });

  describe.each<TestCertificateKind>(['ecdsa-p256', 'rsa-2048'])('with an %s certificate', (kind) => {
    let material: { key: Buffer; cert: Buffer };
    beforeAll(async () => {
      material = await testCertificate(kind);
    });

    it('completes handshakes only for TLS 1.3 and ECDHE + AEAD TLS 1.2 suites, with the chosen groups', async () => {
      const { server, port } = await listen(tlsServerOptions(material));
      try {
        const report = await assessTlsProfile(port);
        expect(report.tls12Accepted.sort()).toEqual(forKey(kind, AEAD_TLS12_CIPHER_LIST));
        expect(report.tls13Accepted.sort()).toEqual([...TLS13_CIPHER_SUITES].sort());
        expect(report.legacyVersionsAccepted).toEqual([]);
        expect(report.groupsAccepted).toEqual(supportedEcdhGroups().split(':'));
        // The server's order wins: a client listing CBC first still gets AEAD (here there is no CBC at all).
        const negotiated = await tlsHandshake(port, { cipher: `${forKey(kind, NON_AEAD_TLS12_SUITES).join(':')}:${forKey(kind, AEAD_TLS12_CIPHER_LIST).join(':')}` });
        expect(negotiated).toMatchObject({ ok: true, protocol: 'TLSv1.2', cipher: forKey(kind, AEAD_TLS12_CIPHER_LIST)[0] });
      } finally {
        await close(server);
      }
    });

    it('(control) the same probes do connect to a permissive listener, so each refusal above is the profile', async () => {
      const { server, port } = await listen({ ...material, minVersion: 'TLSv1', ciphers: 'ALL:@SECLEVEL=0', dhparam: 'auto' });
      try {
        for (const cipher of forKey(kind, [...NON_AEAD_TLS12_SUITES, ...NON_ECDHE_AEAD_TLS12_SUITES])) {
          expect({ cipher, result: await tlsHandshake(port, { cipher }) }).toMatchObject({ cipher, result: { ok: true, cipher } });
        }
        const report = await assessTlsProfile(port);
        expect(report.legacyVersionsAccepted).toEqual(['TLSv1', 'TLSv1.1']);
      } finally {
        await close(server);
      }
    });
  });
});
