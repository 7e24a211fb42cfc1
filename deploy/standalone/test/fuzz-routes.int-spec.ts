// Property-based fuzzing of every web-tier route (read from the router, so new routes are fuzzed
// without anyone listing them): arbitrary bodies, query strings and path parameters, anonymous and
// as root, must never produce a 5xx.
import { createHttpApp, listRoutes, ACCESS_TOKEN_ISSUER } from '@webinar/http';
import { InProcessBus } from '@webinar/messaging';
import { issueAccessToken, KeySet, RevocationSet } from '@webinar/security';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '@webinar/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebRootModule } from '../src/web-root.module';
import { defaultServiceSettings } from './default-settings';

const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
jest.setTimeout(120_000);

const pathParam = fc.oneof(
  fc.uuid(),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('..', '%2e%2e', '0', '-1', "' or 1=1 --", '%00', 'null', 'a'.repeat(300)),
);
const body = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ maxLength: 200 }));
const query = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 30 }), { maxKeys: 3 });

describe('fuzzing every web-tier route', () => {
  let app: NestFastifyApplication;
  let bus: InProcessBus;
  let dataDir: string;
  let database: TestDatabase | undefined;
  let rootToken: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'fuzz-'));
    const adminUrl = await testDatabaseUrl();
    database = adminUrl ? await createTestDatabase(adminUrl, 'fuzz') : undefined;
    bus = new InProcessBus({ logger: silent });
    const accessKeys = await KeySet.generate({ use: 'sig' });
    app = await createHttpApp(
      WebRootModule.register({
        platform: { logger: silent, bus },
        dataDir,
        accessKeys,
        revocations: new RevocationSet(),
        ...defaultServiceSettings(dataDir),
        ...(database ? { databaseUrl: database.url } : {}),
      }),
      { logger: silent },
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    // One token per audience would be stricter; the standalone guard accepts the web-tier audiences.
    const token = await issueAccessToken(
      accessKeys,
      // mfa (a password + TOTP session): without it every privileged route stops at the guard.
      { userId: randomUUID(), companyId: null, role: 'root', sessionId: randomUUID(), elevated: true, mfa: true },
      { issuer: ACCESS_TOKEN_ISSUER, audience: 'cms', ttlSeconds: 300 },
    );
    rootToken = { authorization: `Bearer ${token}` };
  });

  afterAll(async () => {
    await app?.close();
    await bus?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('never answers 5xx, whatever the input', async () => {
    const routes = listRoutes(app);
    let cases = 0;
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(pathParam, body, query, fc.boolean(), async (param, payload, qs, asRoot) => {
          const path = route.path.replace(/:[^/]+/g, encodeURIComponent(param));
          const search = new URLSearchParams(qs).toString();
          const response = await app.inject({
            method: route.method as 'GET',
            url: search ? `${path}?${search}` : path,
            headers: { 'content-type': 'application/json', ...(asRoot ? rootToken : {}) },
            ...(route.method === 'GET' ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
          });
          cases += 1;
          if (response.statusCode >= 500) {
            throw new Error(`${route.method} ${route.path} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
          }
        }),
        { numRuns: 40 },
      );
    }
    console.log(`fuzzed ${routes.length} routes with ${cases} requests`);
    expect(cases).toBe(routes.length * 40);
  });
});
