// The session promise across processes: a user signs in at auth (the root bootstrap link), gets an
// access token for cms, and cms (another process) accepts it; after logout at auth, cms refuses the
// same token within 5 seconds, well before it expires — the revocation travels auth's outbox →
// RabbitMQ → cms's revocation feed.
import { createTestDatabase, stopAllProcesses, testAmqpUrl, testDatabaseUrl, waitFor, type TestDatabase } from '@webinar/testing';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, type RunningService, signInWithMfa } from './topology';

jest.setTimeout(120_000);

const PUBLIC_URL = 'https://webinar.test';
// What a browser on the web app's origin sends; auth refuses cookie-authenticated POSTs without it.
const sameOrigin = { origin: PUBLIC_URL, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };

describe('revocation across services', () => {
  let database: TestDatabase | undefined;
  let work: string;
  let auth: RunningService;
  let cms: RunningService;

  beforeAll(async () => {
    const adminUrl = await testDatabaseUrl();
    const amqpUrl = await testAmqpUrl();
    if (!adminUrl || !amqpUrl) return;
    database = await createTestDatabase(adminUrl, 'e2erevoke');
    work = mkdtempSync(join(tmpdir(), 'e2e-revoke-'));
    auth = await launch({ name: 'auth', dataDir: join(work, 'auth'), databaseUrl: database.url, amqpUrl });
    cms = await launch({
      name: 'cms',
      dataDir: join(work, 'cms'),
      databaseUrl: database.url,
      amqpUrl,
      extraEnv: { AUTH_JWKS_URL: `${auth.url}/auth/.well-known/jwks.json` },
    });
  });

  afterAll(async () => {
    await stopAllProcesses();
    await database?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('stops cms accepting a logged-out session\'s token within 5 s', async () => {
    if (!database) {
      console.warn('PostgreSQL or RabbitMQ is not available; skipped');
      return;
    }
    const link = readFileSync(join(work, 'auth', 'root-login-link'), 'utf8').trim();
    const linkToken = link.split('#')[1] ?? '';
    const redeemed = await fetch(`${auth.url}/auth/links/redeem`, {
      method: 'POST',
      headers: sameOrigin,
      body: JSON.stringify({ token: linkToken }),
    });
    expect(redeemed.status).toBe(200);
    const linkCookie = (redeemed.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(linkCookie).toMatch(/^__Host-session=/);
    // Creating a company is a privileged action: root enrols and signs in with password + TOTP.
    const cookie = await signInWithMfa(async (path, body, withCookie) => {
      const answer = await fetch(`${auth.url}${path}`, { method: 'POST', headers: { ...sameOrigin, ...(withCookie ? { cookie: withCookie } : {}) }, body: JSON.stringify(body) });
      return { status: answer.status, setCookie: answer.headers.get('set-cookie') ?? undefined, text: await answer.text() };
    }, linkCookie);

    const issued = await fetch(`${auth.url}/auth/token`, {
      method: 'POST',
      headers: { ...sameOrigin, cookie },
      body: JSON.stringify({ audience: 'cms' }),
    });
    expect(issued.status).toBe(200);
    const { accessToken, expiresIn } = (await issued.json()) as { accessToken: string; expiresIn: number };
    expect(expiresIn).toBeGreaterThan(60);

    let attempt = 0;
    const createCompany = async (): Promise<number> =>
      (
        await fetch(`${cms.url}/cms/companies`, {
          method: 'POST',
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: `Revocation check ${(attempt += 1)}` }),
        })
      ).status;
    expect(await createCompany()).toBe(201);

    const loggedOut = await fetch(`${auth.url}/auth/logout`, { method: 'POST', headers: { origin: PUBLIC_URL, 'sec-fetch-site': 'same-origin', cookie } });
    expect(loggedOut.status).toBe(204);
    const started = Date.now();
    await waitFor('cms to refuse the revoked token', async () => ((await createCompany()) === 401 ? true : undefined), {
      timeoutMs: 5_000,
      intervalMs: 100,
      context: () => `--- auth ---\n${auth.process.output().slice(-3000)}\n--- cms ---\n${cms.process.output().slice(-3000)}`,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    // The token itself was still within its lifetime: the refusal came from the revocation.
    expect(expiresIn * 1000).toBeGreaterThan(Date.now() - started);
  });
});
