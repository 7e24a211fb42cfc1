// The web tier's central firewall, for real: nginx with the product's configuration and TLS in front
// of auth and cms as separate processes (PostgreSQL, RabbitMQ). It proves the configuration, not a
// copy of it: the file under test is the one operators render with nginx/render.mjs.
import { createTestDatabase, freePort, stopAllProcesses, testAmqpUrl, testDatabaseUrl, type TestDatabase } from '@webinar/testing';
import { InternalCredential } from '@webinar/security';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handshake, launchNginx, viaNginx, type RunningNginx } from './nginx';
import { launch, type RunningService, signInWithMfa } from './topology';

jest.setTimeout(120_000);

const PUBLIC_URL = 'https://webinar.test';
const sameOrigin = { origin: PUBLIC_URL, 'sec-fetch-site': 'same-origin' };

describe('nginx in front of the web tier', () => {
  let database: TestDatabase | undefined;
  let work: string;
  let auth: RunningService;
  let cms: RunningService;
  let nginx: RunningNginx;
  const internalSecret = 'e2e-nginx-internal-secret-0123456789abcdef';

  beforeAll(async () => {
    const adminUrl = await testDatabaseUrl();
    const amqpUrl = await testAmqpUrl();
    if (!adminUrl || !amqpUrl) return;
    database = await createTestDatabase(adminUrl, 'e2enginx');
    work = mkdtempSync(join(tmpdir(), 'e2e-nginx-'));
    // Behind nginx the services take the client's address from X-Forwarded-For, which nginx overwrites.
    // The media tier's internal secret: auth and cms answer signed internal calls made directly.
    const secretFile = join(work, 'media-internal.secret');
    writeFileSync(secretFile, internalSecret, { mode: 0o600 });
    const behindProxy = { TRUST_PROXY: 'true', PUBLIC_URL, MEDIA_INTERNAL_SECRET_FILE: secretFile };
    auth = await launch({ name: 'auth', dataDir: join(work, 'auth'), databaseUrl: database.url, amqpUrl, extraEnv: behindProxy });
    cms = await launch({
      name: 'cms',
      dataDir: join(work, 'cms'),
      databaseUrl: database.url,
      amqpUrl,
      extraEnv: { ...behindProxy, AUTH_JWKS_URL: `${auth.url}/auth/.well-known/jwks.json` },
    });
    nginx = await launchNginx({
      workDir: work,
      // polls is not started: its upstream is a port nobody listens on.
      upstreams: { auth: `127.0.0.1:${auth.port}`, cms: `127.0.0.1:${cms.port}`, polls: `127.0.0.1:${await freePort()}` },
      // Tight credential limits so the test needs few requests: 1 per second, a burst of 3.
      env: { CREDENTIALS_RATE: '1r/s', CREDENTIALS_BURST: '3' },
    });
  });

  afterAll(async () => {
    await stopAllProcesses();
    await database?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const ready = (): boolean => {
    if (!database) console.warn('PostgreSQL or RabbitMQ is not available; skipped');
    return database !== undefined;
  };

  it('signs root in and reaches cms through nginx, with its security headers once on every answer', async () => {
    if (!ready()) return;
    const link = readFileSync(join(work, 'auth', 'root-login-link'), 'utf8').trim();
    const redeemed = await viaNginx(nginx, {
      method: 'POST',
      path: '/auth/links/redeem',
      headers: sameOrigin,
      body: JSON.stringify({ token: link.split('#')[1] ?? '' }),
    });
    expect(redeemed.status).toBe(200);
    const linkCookie = [redeemed.headers['set-cookie'] ?? []].flat()[0] ?? '';
    expect(linkCookie).toMatch(/^__Host-session=[^;]+;.*Secure/i);
    // Creating a company is a privileged action: root enrols and signs in with password + TOTP, through nginx.
    const cookie = await signInWithMfa(async (path, body, withCookie) => {
      const answer = await viaNginx(nginx, {
        method: 'POST',
        path,
        headers: { ...sameOrigin, 'content-type': 'application/json', ...(withCookie ? { cookie: withCookie } : {}) },
        body: JSON.stringify(body),
      });
      return { status: answer.status, setCookie: [answer.headers['set-cookie'] ?? []].flat()[0], text: answer.text };
    }, linkCookie.split(';')[0] ?? '');

    const issued = await viaNginx(nginx, {
      method: 'POST',
      path: '/auth/token',
      headers: { ...sameOrigin, cookie },
      body: JSON.stringify({ audience: 'cms' }),
    });
    expect(issued.status).toBe(200);
    const { accessToken } = JSON.parse(issued.text) as { accessToken: string };
    const created = await viaNginx(nginx, {
      method: 'POST',
      path: '/cms/companies',
      headers: { authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ name: 'Behind the firewall' }),
    });
    expect(created.status).toBe(201);

    for (const answer of [redeemed, issued, created]) {
      expect(answer.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['x-powered-by']).toBeUndefined();
      expect(answer.headers['server']).toBe('nginx'); // server_tokens off: no version
    }
  });

  it('answers only the allowlisted prefixes and methods, before any service sees the request', async () => {
    if (!ready()) return;
    // `/admin` is the browser app's console now (its static shell, the data behind the API's guard);
    // what scanners probe beside it is still refused.
    for (const path of ['/wp-admin', '/admin/x/y', '/metrics', '/health/ready', '/.env', '/auth/../etc/passwd', '/index.php']) {
      const r = await viaNginx(nginx, { path });
      expect({ path, refused: [400, 404].includes(r.status) }).toEqual({ path, refused: true });
    }
    for (const method of ['TRACE', 'PROPFIND', 'MKCOL']) {
      const r = await viaNginx(nginx, { method, path: '/cms/companies' });
      expect({ method, status: r.status }).toEqual({ method, status: 405 });
    }
    // The static app takes GET only, and serves no listing.
    expect((await viaNginx(nginx, { method: 'POST', path: '/', body: '{}' })).status).toBe(403);
    const consoleShell = await viaNginx(nginx, { path: '/admin' });
    expect(consoleShell.status).toBe(200);
    expect(consoleShell.headers['content-type']).toContain('text/html');
    const page = await viaNginx(nginx, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['strict-transport-security']).toBeDefined();
    // A service that is down is nginx's 502, with no detail about it.
    const down = await viaNginx(nginx, { path: '/polls/anything' });
    expect(down.status).toBe(502);
    expect(down.text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|upstream/i);
  });

  it('never forwards the internal routes, even correctly signed, which the services answer when called directly', async () => {
    if (!ready()) return;
    const credential = InternalCredential.fromSecret(internalSecret);
    const signed = (path: string): Record<string, string> => credential.sign('stream.e2e', 'GET', path);
    // Directly (the internal network): signed → 200, unsigned → 401 with its stable code.
    for (const [service, path] of [[cms, '/cms/internal/revocations'], [auth, '/auth/internal/revocations']] as const) {
      const direct = await fetch(`${service.url}${path}`, { headers: signed(path) });
      expect({ path, status: direct.status }).toEqual({ path, status: 200 });
      const unsigned = await fetch(`${service.url}${path}`);
      expect({ path, status: unsigned.status, code: ((await unsigned.json()) as { code?: string }).code }).toEqual({
        path,
        status: 401,
        code: 'INTERNAL.UNAUTHENTICATED',
      });
    }
    // Through nginx: answered by nginx itself, whatever the spelling, signed or not.
    const spellings = [
      '/cms/internal/revocations',
      '/auth/internal/revocations',
      '/cms/internal/stream-keys/authorize',
      '/cms/%69nternal/revocations',
      '/cms//internal/revocations',
      '//cms/internal/revocations',
      '/cms/x/../internal/revocations',
      '/cms/internal',
      '/CMS/internal/revocations',
    ];
    for (const path of spellings) {
      for (const headers of [{}, signed(path), signed('/cms/internal/revocations')]) {
        const r = await viaNginx(nginx, { path, headers });
        expect({ path, status: r.status, reachedService: /takenAt|INTERNAL\./.test(r.text) }).toEqual({
          path,
          status: 404,
          reachedService: false,
        });
      }
    }
    const post = await viaNginx(nginx, {
      method: 'POST',
      path: '/cms/internal/stream-keys/authorize',
      body: '{}',
      headers: credential.sign('stream.e2e', 'POST', '/cms/internal/stream-keys/authorize', {}),
    });
    expect(post.status).toBe(404);
  });

  it('refuses an oversized body with 413', async () => {
    if (!ready()) return;
    const big = JSON.stringify({ name: 'x'.repeat(100 * 1024) });
    expect((await viaNginx(nginx, { method: 'POST', path: '/cms/companies', body: big })).status).toBe(413);
    // The bulk invitation route takes up to 1 MB; the service itself then judges the content.
    const bulk = await viaNginx(nginx, { method: 'POST', path: '/auth/invitations', body: big });
    expect(bulk.status).not.toBe(413);
  });

  it('rate-limits the credential routes per client address', async () => {
    if (!ready()) return;
    const statuses: number[] = [];
    let refusedByNginx = 0;
    for (let i = 0; i < 12; i++) {
      const r = await viaNginx(nginx, { method: 'POST', path: '/auth/links/redeem', headers: sameOrigin, body: JSON.stringify({ token: `guess-${i}` }) });
      statuses.push(r.status);
      // nginx's own refusal is its HTML page; auth's limiter would answer JSON with an error code.
      if (r.status === 429 && String(r.headers['content-type']).startsWith('text/html')) refusedByNginx += 1;
    }
    expect(refusedByNginx).toBeGreaterThan(0);
    expect(statuses.every((s) => s >= 400 && s < 500)).toBe(true);
    // A spoofed X-Forwarded-For does not buy a fresh budget: nginx keys on the connection's address.
    const spoofed = await viaNginx(nginx, {
      method: 'POST',
      path: '/auth/links/redeem',
      headers: { ...sameOrigin, 'x-forwarded-for': '203.0.113.9' },
      body: JSON.stringify({ token: 'guess-spoofed' }),
    });
    expect(spoofed.status).toBe(429);
  });

  it('speaks TLS 1.2 and 1.3 with AEAD ciphers only, and only for its own name', async () => {
    if (!ready()) return;
    const tls13 = await handshake(nginx, { minVersion: 'TLSv1.3' });
    expect(tls13).toMatchObject({ agreed: true, protocol: 'TLSv1.3' });
    const tls12 = await handshake(nginx, { maxVersion: 'TLSv1.2' });
    expect(tls12).toMatchObject({ agreed: true, protocol: 'TLSv1.2', cipher: expect.stringMatching(/GCM|CHACHA20/) as string });
    // Old protocols and CBC suites: no handshake.
    expect(await handshake(nginx, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' })).toMatchObject({ agreed: false });
    expect(await handshake(nginx, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384' })).toMatchObject({ agreed: false });
    // Another server name (a scanner trying the address) gets no certificate at all.
    expect(await handshake(nginx, { servername: 'other.test', rejectUnauthorized: false })).toMatchObject({ agreed: false });
  });

  it('keeps query strings out of its access log', async () => {
    if (!ready()) return;
    const secret = 'QuerySecretThatMustNotBeLogged0123456789';
    await viaNginx(nginx, { path: `/auth/link?token=${secret}` });
    const log = nginx.accessLog();
    expect(log).toContain('/auth/link');
    expect(log).not.toContain(secret);
  });
});
