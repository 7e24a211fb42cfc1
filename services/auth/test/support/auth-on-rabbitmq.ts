// auth on the real broker: the same app as harness.ts (real PostgreSQL, throwaway database, temp keys)
// but its bus is RabbitMQ. Exchanges and queue names are unique to the run (queues get a prefix), so
// parallel runs and other tests on the same broker never share topology; all of it is deleted at close.
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ACCESS_TOKEN_ISSUER, createHttpApp, PlatformModule, ResponseCheckInterceptor, revocationFeedProvider } from '@webinar/http';
import { AmqpBus, deleteRunTopology, type MessageBus, PrefixedBus } from '@webinar/messaging';
import { HealthModule } from '@webinar/observability';
import { type Database, openDatabase } from '@webinar/persistence';
import { KeySet, RevocationSet, SecurityModule } from '@webinar/security';
import { createTestDatabase, testAmqpUrl, testDatabaseUrl, type TestDatabase } from '@webinar/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTH_AUDIENCE } from '../../src/auth.constants';
import { authDatabase, AuthModule } from '../../src/auth.module';
import { type AuthTestOptions, testAuthModuleOptions } from './test-settings';
import { PUBLIC_ORIGIN, silent } from './harness';

export interface RabbitAuth {
  app: NestFastifyApplication;
  bus: MessageBus;
  revocations: RevocationSet;
  accessKeys: KeySet;
  dataDir: string;
  db: Database;
  close(): Promise<void>;
}

export async function startAuthOnRabbitMq(extra: AuthTestOptions = {}): Promise<RabbitAuth> {
  const amqpUrl = await testAmqpUrl();
  const adminUrl = await testDatabaseUrl();
  if (!amqpUrl || !adminUrl) throw new Error('These tests need the real PostgreSQL and RabbitMQ.');
  const prefix = `test.${randomBytes(5).toString('hex')}`;
  const exchanges = { exchange: `${prefix}.events`, deadLetterExchange: `${prefix}.dlx` };
  const bus = new PrefixedBus(await AmqpBus.connect({ url: amqpUrl, logger: silent, connectionName: `${prefix}-auth`, ...exchanges }), prefix);
  const dataDir = mkdtempSync(join(tmpdir(), 'auth-rmq-'));
  const database: TestDatabase = await createTestDatabase(adminUrl, 'auth');
  const accessKeys = await KeySet.generate({ use: 'sig' });
  const revocations = new RevocationSet();
  const dbOpts = { dataDir, databaseUrl: database.url };
  @Module({
    imports: [
      PlatformModule.forRoot({ logger: silent, bus }),
      HealthModule.forRoot(),
      SecurityModule.forRoot({ issuer: ACCESS_TOKEN_ISSUER, audience: AUTH_AUDIENCE, keys: accessKeys, revocations }),
      AuthModule.register(testAuthModuleOptions({ ...dbOpts, publicUrl: PUBLIC_ORIGIN, accessKeys }, extra)),
    ],
    providers: [...revocationFeedProvider('auth', prefix)],
  })
  class TestRoot {}
  const app = await createHttpApp(TestRoot, { logger: silent });
  // Every answer in every test is parsed with the schema its route declares (the OpenAPI document's).
  app.useGlobalInterceptors(new ResponseCheckInterceptor());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const db = await openDatabase(authDatabase(dbOpts));
  return {
    app,
    bus,
    revocations,
    accessKeys,
    dataDir,
    db,
    async close() {
      await db.close();
      await app.close();
      await bus.close();
      await deleteRunTopology(amqpUrl, bus.queues, exchanges);
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What the tests of elevation and campaigns do over HTTP, as a browser and as an API client would. */
export function authClient(app: NestFastifyApplication) {
  let address = 0;
  /** A fresh client address per call, so the per-address limits only engage where a test wants them. */
  const nextAddress = (): string => `10.9.${Math.floor(++address / 250)}.${address % 250}`;
  const cookie = (value: string): Record<string, string> => ({ cookie: `__Host-session=${value}`, origin: PUBLIC_ORIGIN });
  return {
    nextAddress,
    async redeemLink(link: string): Promise<string> {
      const response = await app.inject({
        method: 'POST',
        url: '/auth/links/redeem',
        headers: { origin: PUBLIC_ORIGIN },
        payload: { token: link.slice(link.indexOf('#') + 1) },
        remoteAddress: nextAddress(),
      });
      if (response.statusCode !== 200) throw new Error(`redeem answered ${response.statusCode}: ${response.body}`);
      const header = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((h) => h.startsWith('__Host-session='));
      return header!.slice('__Host-session='.length).split(';')[0]!;
    },
    async token(session: string, audience = 'auth'): Promise<{ accessToken: string; elevated: boolean; expiresIn: number }> {
      const response = await app.inject({ method: 'POST', url: '/auth/token', headers: cookie(session), payload: { audience } });
      if (response.statusCode !== 200) throw new Error(`token answered ${response.statusCode}: ${response.body}`);
      return response.json();
    },
    whoAmI(session: string) {
      return app.inject({ method: 'GET', url: '/auth/session', headers: { cookie: `__Host-session=${session}` } });
    },
    call(method: 'GET' | 'POST', url: string, bearer?: string, payload?: unknown) {
      return app.inject({
        method,
        url,
        headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
        remoteAddress: nextAddress(),
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    },
  };
}

export interface AuditRecord {
  action: string;
  actorId: string | null;
  companyId: string | null;
  subject?: string;
  details: Record<string, unknown>;
}

/** The audit events auth has written to its outbox, oldest first. */
export async function auditEvents(db: Database, action?: string): Promise<AuditRecord[]> {
  const rows = await db.dataSource.query<{ payload: AuditRecord }[]>(
    `select payload from auth.outbox where name = 'audit.event.recorded.v1' ${action ? `and payload->>'action' = $1` : ''} order by seq`,
    action ? [action] : [],
  );
  return rows.map((row) => row.payload);
}
