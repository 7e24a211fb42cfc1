// The standalone web tier as a whole: every route of every module is either explicitly public or
// carries an access policy (read from the router, so a new route is covered automatically), and
// every non-public route refuses an anonymous request.
import { createHttpApp, listRoutes, undeclaredRoutes } from '@webinar/http';
import { InProcessBus } from '@webinar/messaging';
import { KeySet, RevocationSet } from '@webinar/security';
import { testDatabaseUrl, createTestDatabase, type TestDatabase } from '@webinar/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebRootModule } from '../src/web-root.module';
import { defaultServiceSettings } from './default-settings';

const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };

describe('standalone web tier', () => {
  let app: NestFastifyApplication;
  let bus: InProcessBus;
  let dataDir: string;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'web-tier-'));
    const adminUrl = await testDatabaseUrl();
    database = adminUrl ? await createTestDatabase(adminUrl, 'webtier') : undefined;
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

  it('has routes from every web-tier module', () => {
    const prefixes = new Set(listRoutes(app).map((r) => r.path.split('/')[1]));
    expect([...prefixes]).toEqual(expect.arrayContaining(['auth', 'cms', 'health']));
  });

  it('declares access on every route', () => {
    expect(undeclaredRoutes(listRoutes(app))).toEqual([]);
  });

  it('refuses an anonymous request on every route that is not public', async () => {
    const guarded = listRoutes(app).filter((r) => !r.isPublic);
    expect(guarded.length).toBeGreaterThan(0);
    for (const route of guarded) {
      const url = route.path.replace(/:[^/]+/g, '00000000-0000-4000-8000-000000000000');
      const response = await app.inject({ method: route.method as 'GET', url, payload: route.hasBodySchema ? {} : undefined });
      expect({ route: `${route.method} ${route.path}`, status: response.statusCode }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
      });
      expect(response.json<{ code: string }>().code).toBe('AUTH.UNAUTHENTICATED');
    }
  });

  it('is ready when every database and the bus answer', async () => {
    const response = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json<{ checks: Record<string, string> }>().checks).toEqual({
      bus: 'ok',
      'database:auth': 'ok',
      'database:cms': 'ok',
      'database:polls': 'ok',
    });
  });
});
