// The media host's TLS listeners hold the platform's one profile (@webinar/security tlsServerOptions):
// the options RTMPS and the edge use (mediaTlsOptions) and the origin endpoint's own HTTPS listener,
// for an ECDSA P-256 and an RSA 2048 certificate: CBC, static RSA, DHE and TLS 1.0/1.1 refused one
// suite at a time; only ECDHE + AEAD TLS 1.2 suites and TLS 1.3 complete.
import { AEAD_TLS12_CIPHER_LIST, type InternalCredential, supportedEcdhGroups, TLS13_CIPHER_SUITES, tlsServerOptions } from '@webinar/security';
import { assessTlsProfile, NON_AEAD_TLS12_SUITES, NON_ECDHE_AEAD_TLS12_SUITES, testCertificate, type TestCertificateKind, tlsHandshake } from '@webinar/testing';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:tls';
import type { FlvSource } from '../serving/flv-source';
import type { HlsStore } from '../serving/hls-store';
import { mediaTlsOptions } from '../tls-profile';
import { OriginServer } from './origin-server';

const silent = { warn: jest.fn(), error: jest.fn() };

describe.each<TestCertificateKind>(['ecdsa-p256', 'rsa-2048'])('media TLS listeners with an %s certificate', (kind) => {
  jest.setTimeout(60_000);
  let tls: { key: Buffer; cert: Buffer };
  const forKey = (suites: readonly string[]): string[] => suites.filter((suite) => suite.includes('ECDSA') === (kind === 'ecdsa-p256')).sort();
  const expectProfile = async (port: number): Promise<void> => {
    for (const cipher of forKey([...NON_AEAD_TLS12_SUITES, ...NON_ECDHE_AEAD_TLS12_SUITES])) {
      expect({ cipher, result: await tlsHandshake(port, { cipher }) }).toMatchObject({ cipher, result: { ok: false } });
    }
    const report = await assessTlsProfile(port);
    expect(report.tls12Accepted.sort()).toEqual(forKey(AEAD_TLS12_CIPHER_LIST));
    expect(report.tls13Accepted.sort()).toEqual([...TLS13_CIPHER_SUITES].sort());
    expect(report.legacyVersionsAccepted).toEqual([]);
    expect(report.groupsAccepted).toEqual(supportedEcdhGroups().split(':'));
  };

  beforeAll(async () => {
    tls = await testCertificate(kind);
  });

  it('mediaTlsOptions (RTMPS and the edge) is the shared profile', async () => {
    expect(mediaTlsOptions(tls)).toEqual(tlsServerOptions(tls));
    const server = createServer(mediaTlsOptions(tls), (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await expectProfile((server.address() as AddressInfo).port);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('the origin endpoint listens with the shared profile', async () => {
    const origin = new OriginServer({
      tls,
      host: '127.0.0.1',
      port: 0,
      credential: { verify: () => undefined } as unknown as InternalCredential,
      store: {} as HlsStore,
      flv: {} as FlvSource,
      logger: silent,
    });
    await origin.start();
    try {
      await expectProfile(origin.address.port);
    } finally {
      await origin.stop();
    }
  });
});
