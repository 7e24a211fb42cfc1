// The web tier's HTTPS (createHttpApp with `https`, as the standalone shape and the media edge run it)
// as a scanner sees it, for an ECDSA P-256 and an RSA 2048 certificate: CBC suites (ECDHE-ECDSA-AES128-SHA,
// AES256-SHA, AES128-SHA256, AES256-SHA384, …), static RSA, DHE and TLS 1.0/1.1 are refused; only
// ECDHE + AEAD TLS 1.2 suites and TLS 1.3 complete, and HTTPS requests are served over them.
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AEAD_TLS12_CIPHER_LIST, supportedEcdhGroups, TLS13_CIPHER_SUITES } from '@webinar/security';
import { assessTlsProfile, NON_AEAD_TLS12_SUITES, testCertificate, type TestCertificateKind, tlsHandshake } from '@webinar/testing';
import { request } from 'node:https';
import { createHttpApp } from './create-app';

const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };

@Module({})
class EmptyModule {}

describe.each<TestCertificateKind>(['ecdsa-p256', 'rsa-2048'])('createHttpApp over HTTPS with an %s certificate', (kind) => {
  jest.setTimeout(60_000);
  let app: NestFastifyApplication;
  let port: number;
  const forKey = (suites: readonly string[]): string[] => suites.filter((suite) => suite.includes('ECDSA') === (kind === 'ecdsa-p256')).sort();

  beforeAll(async () => {
    app = await createHttpApp(EmptyModule, { logger: silent, https: await testCertificate(kind) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(() => app?.close());

  it('refuses every CBC suite, one at a time, that a TLS 1.2 client may offer', async () => {
    for (const cipher of forKey(NON_AEAD_TLS12_SUITES)) {
      expect({ cipher, result: await tlsHandshake(port, { cipher }) }).toMatchObject({ cipher, result: { ok: false } });
    }
  });

  it('completes handshakes only for ECDHE + AEAD TLS 1.2 suites, TLS 1.3 and the chosen groups; never TLS 1.0/1.1', async () => {
    const report = await assessTlsProfile(port);
    expect(report.tls12Accepted.sort()).toEqual(forKey(AEAD_TLS12_CIPHER_LIST));
    expect(report.tls13Accepted.sort()).toEqual([...TLS13_CIPHER_SUITES].sort());
    expect(report.legacyVersionsAccepted).toEqual([]);
    expect(report.groupsAccepted).toEqual(supportedEcdhGroups().split(':'));
  });

  it('serves HTTPS requests over the profile', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/nothing', rejectUnauthorized: false, maxVersion: 'TLSv1.2' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.once('error', reject);
      req.end();
    });
    expect(status).toBe(404);
  });
});
