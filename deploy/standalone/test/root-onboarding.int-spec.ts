// The standalone's root bootstrap under the mfa rule: root's first sign-in is the banner's link (a
// link session, mfa false), which privileged routes refuse; with that session root sets a password,
// enrols an authenticator and signs in with password + TOTP — with the default ROOT_EMAIL
// (root@localhost) — and then acts. The web tier as `npm start` builds it, on the real PostgreSQL.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthBootstrap } from '@webinar/auth';
import { createHttpApp } from '@webinar/http';
import { InProcessBus } from '@webinar/messaging';
import { KeySet, RevocationSet } from '@webinar/security';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from '@webinar/testing';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebRootModule } from '../src/web-root.module';
import { defaultServiceSettings } from './default-settings';

const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
const PUBLIC_URL = 'https://localhost:8443';

/** RFC 6238 (SHA-1, 6 digits, 30 s), written here independently of auth's, as an authenticator app is. */
function totpCode(secretBase32: string, step: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...secretBase32.replace(/=+$/, '')].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const secret = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', secret).update(counter).digest();
  return String((mac.readUInt32BE(mac[19]! & 0x0f) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

describe('standalone: root enrols after the banner link', () => {
  let app: NestFastifyApplication;
  let bus: InProcessBus;
  let dataDir: string;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'root-onboarding-'));
    const adminUrl = await testDatabaseUrl();
    database = adminUrl ? await createTestDatabase(adminUrl, 'rootonboard') : undefined;
    bus = new InProcessBus({ logger: silent });
    app = await createHttpApp(
      WebRootModule.register({
        platform: { logger: silent, bus },
        dataDir,
        accessKeys: await KeySet.generate({ use: 'sig' }),
        revocations: new RevocationSet(),
        ...defaultServiceSettings(dataDir),
        ...(database ? { databaseUrl: database.url } : {}),
      }),
      { logger: silent },
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    await bus?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (url: string, payload: object, cookie?: string, bearer?: string) =>
    app.inject({
      method: 'POST',
      url,
      headers: { origin: PUBLIC_URL, ...(cookie ? { cookie } : {}), ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      payload,
    });
  const sessionCookie = (setCookie: string | string[] | undefined): string =>
    ([] as string[]).concat(setCookie ?? []).find((h) => h.startsWith('__Host-session='))!.split(';')[0]!;
  const cmsToken = async (cookie: string): Promise<{ accessToken: string; mfa: boolean }> =>
    (await post('/auth/token', { audience: 'cms' }, cookie)).json();

  it('refuses the link session on root routes, and after enrolment and password + TOTP sign-in lets root act', async () => {
    const link = app.get(AuthBootstrap).takeRootLoginLink()!;
    const redeemed = await post('/auth/links/redeem', { token: link.slice(link.indexOf('#') + 1) });
    expect(redeemed.statusCode).toBe(200);
    const linkCookie = sessionCookie(redeemed.headers['set-cookie']);

    const weak = await cmsToken(linkCookie);
    expect(weak.mfa).toBe(false);
    const refused = await post('/cms/companies', { name: 'Too early' }, undefined, weak.accessToken);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'AUTH.MFA_REQUIRED' });

    const password = 'granite willow compass 5120';
    expect((await post('/auth/credentials/password', { password }, linkCookie)).statusCode).toBe(204);
    const enrolment = await post('/auth/credentials/totp', { password }, linkCookie);
    expect(enrolment.json()).toMatchObject({ otpauthUri: expect.stringContaining('otpauth://totp/'), qrCode: expect.stringMatching(/^data:image\/png/) });
    const secret = enrolment.json<{ secret: string }>().secret;
    const step = Math.floor(Date.now() / 30_000);
    expect((await post('/auth/credentials/totp/confirm', { code: totpCode(secret, step) }, linkCookie)).statusCode).toBe(200);

    const login = await post('/auth/password-login', { email: 'root@localhost', password, totp: totpCode(secret, step + 1) });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ user: { role: 'root', companyId: null } });
    const strong = await cmsToken(sessionCookie(login.headers['set-cookie']));
    expect(strong.mfa).toBe(true);
    expect((await post('/cms/companies', { name: 'First company' }, undefined, strong.accessToken)).statusCode).toBe(201);
  });
});
