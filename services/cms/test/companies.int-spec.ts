// cms companies against the real PostgreSQL: the outbox message is written in the same transaction
// as the company, the tenant comes from the token, and row-level security hides other companies.
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ACCESS_TOKEN_ISSUER, createHttpApp, PlatformModule } from '@webinar/http';
import { InProcessBus } from '@webinar/messaging';
import { HealthModule } from '@webinar/observability';
import { type AccessIdentity, issueAccessToken, KeySet, RevocationSet, SecurityModule } from '@webinar/security';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '@webinar/testing';
import { openDatabase, tablesWithoutRls } from '@webinar/persistence';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CMS_AUDIENCE, CMS_SCHEMA } from '../src/cms.constants';
import { cmsDatabase, CmsModule } from '../src/cms.module';
import { testCmsSettings } from './support/test-settings';

const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };

describe('cms companies', () => {
  let app: NestFastifyApplication;
  let bus: InProcessBus;
  let keys: KeySet;
  let dataDir: string;
  let database: TestDatabase | undefined;

  const token = (identity: Partial<AccessIdentity>): Promise<string> =>
    issueAccessToken(
      keys,
      { userId: randomUUID(), companyId: null, role: 'root', sessionId: randomUUID(), elevated: true, mfa: true, ...identity },
      { issuer: ACCESS_TOKEN_ISSUER, audience: CMS_AUDIENCE, ttlSeconds: 120 },
    );

  const call = async (method: 'GET' | 'POST', url: string, bearer: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cms-'));
    const adminUrl = await testDatabaseUrl();
    database = adminUrl ? await createTestDatabase(adminUrl, 'cms') : undefined;
    keys = await KeySet.generate({ use: 'sig' });
    bus = new InProcessBus({ logger: silent });
    const cms = CmsModule.register({ dataDir, settings: testCmsSettings(), ...(database ? { databaseUrl: database.url } : {}) });
    @Module({
      imports: [
        PlatformModule.forRoot({ logger: silent, bus }),
        HealthModule.forRoot(),
        SecurityModule.forRoot({ issuer: ACCESS_TOKEN_ISSUER, audience: CMS_AUDIENCE, keys, revocations: new RevocationSet() }),
        cms,
      ],
    })
    class TestRoot {}
    app = await createHttpApp(TestRoot, { logger: silent });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    await bus?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets root create a company and publishes cms.company.created.v1 through the outbox', async () => {
    const received: unknown[] = [];
    await bus.subscribe({ queue: 'test.companies', events: ['cms.company.created.v1'] }, async (m) => {
      received.push(m.payload);
    });
    const response = await call('POST', '/cms/companies', await token({}), { name: 'Acme' });
    expect(response.statusCode).toBe(201);
    const company = response.json<{ id: string; name: string }>();
    expect(company.name).toBe('Acme');
    await new Promise((resolve) => setTimeout(resolve, 600)); // the relay polls every 200 ms
    await bus.waitForIdle();
    expect(received).toEqual([expect.objectContaining({ companyId: company.id, name: 'Acme' })]);
  });

  it('refuses company creation to an admin', async () => {
    const response = await call('POST', '/cms/companies', await token({ role: 'admin', companyId: randomUUID() }), { name: 'Nope' });
    expect(response.statusCode).toBe(403);
  });

  it('answers a duplicate name with COMPANY.NAME_TAKEN (case-insensitive)', async () => {
    const root = await token({});
    expect((await call('POST', '/cms/companies', root, { name: 'Globex' })).statusCode).toBe(201);
    const again = await call('POST', '/cms/companies', root, { name: 'GLOBEX' });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ code: string }>().code).toBe('COMPANY.NAME_TAKEN');
  });

  it("shows an admin only their own company, whatever id they ask for", async () => {
    const root = await token({});
    const a = (await call('POST', '/cms/companies', root, { name: 'Initech' })).json<{ id: string }>();
    const b = (await call('POST', '/cms/companies', root, { name: 'Umbrella' })).json<{ id: string }>();
    const adminOfA = await token({ role: 'admin', companyId: a.id });

    const list = (await call('GET', '/cms/companies', adminOfA)).json<{ id: string }[]>();
    expect(list.map((c) => c.id)).toEqual([a.id]);
    expect((await call('GET', `/cms/companies/${a.id}`, adminOfA)).statusCode).toBe(200);
    const foreign = await call('GET', `/cms/companies/${b.id}`, adminOfA);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).not.toContain('Umbrella');

    const all = (await call('GET', '/cms/companies', root)).json<{ id: string }[]>();
    expect(all.map((c) => c.id)).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it('rejects malformed bodies and ids with stable codes', async () => {
    const root = await token({});
    expect((await call('POST', '/cms/companies', root, { name: '' })).json<{ code: string }>().code).toBe('REQUEST.INVALID');
    expect((await call('POST', '/cms/companies', root, { name: 'x', tenant: 'other' })).statusCode).toBe(400);
    const badId = await call('GET', '/cms/companies/not-a-uuid', root);
    expect(badId.statusCode).toBe(404);
    expect(badId.json<{ code: string }>().code).toBe('COMPANY.NOT_FOUND');
  });

  it('has row-level security (ENABLE + FORCE) on every table that holds company data', async () => {
    const db = await openDatabase(cmsDatabase({ dataDir, ...(database ? { databaseUrl: database.url } : {}) }));
    try {
      // outbox and inbox hold messages, not a company's rows.
      expect(await tablesWithoutRls(db.dataSource, CMS_SCHEMA, ['outbox', 'inbox'])).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
