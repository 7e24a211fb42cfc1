// auth learns companies from cms's events exactly once, and publishes its key set.
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ACCESS_TOKEN_ISSUER, createHttpApp, PlatformModule } from '@webinar/http';
import { InProcessBus } from '@webinar/messaging';
import { HealthModule } from '@webinar/observability';
import { openDatabase } from '@webinar/persistence';
import { KeySet, RevocationSet, SecurityModule } from '@webinar/security';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '@webinar/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTH_AUDIENCE } from '../src/auth.constants';
import { authDatabase, AuthModule } from '../src/auth.module';
import { testAuthModuleOptions } from './support/test-settings';

const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };

describe('auth', () => {
  let app: NestFastifyApplication;
  let bus: InProcessBus;
  let keys: KeySet;
  let dataDir: string;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'auth-'));
    const adminUrl = await testDatabaseUrl();
    database = adminUrl ? await createTestDatabase(adminUrl, 'auth') : undefined;
    keys = await KeySet.generate({ use: 'sig' });
    bus = new InProcessBus({ logger: silent });
    @Module({
      imports: [
        PlatformModule.forRoot({ logger: silent, bus }),
        HealthModule.forRoot(),
        SecurityModule.forRoot({ issuer: ACCESS_TOKEN_ISSUER, audience: AUTH_AUDIENCE, keys, revocations: new RevocationSet() }),
        AuthModule.register(testAuthModuleOptions({ dataDir, publicUrl: 'https://webinar.test', accessKeys: keys, ...(database ? { databaseUrl: database.url } : {}) }, {})),
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

  it('publishes only the public parts of its signing keys', async () => {
    const response = await app.inject({ method: 'GET', url: '/auth/.well-known/jwks.json' });
    expect(response.statusCode).toBe(200);
    const jwks = response.json<{ keys: Record<string, unknown>[] }>();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('records a company from cms.company.created.v1 once, even when the message is delivered twice', async () => {
    const companyId = randomUUID();
    const payload = { companyId, name: 'Acme', createdAt: new Date().toISOString() };
    const messageId = randomUUID();
    await bus.publish('cms.company.created.v1', payload, { id: messageId });
    await bus.publish('cms.company.created.v1', payload, { id: messageId });
    await bus.waitForIdle();

    const db = await openDatabase(authDatabase({ dataDir, ...(database ? { databaseUrl: database.url } : {}) }));
    try {
      const rows = await db.dataSource.query<{ id: string; name: string }[]>('select id, name from auth.companies where id = $1', [companyId]);
      expect(rows).toEqual([{ id: companyId, name: 'Acme' }]);
      expect(bus.deadLetters).toHaveLength(0);
    } finally {
      await db.close();
    }
  });
});
