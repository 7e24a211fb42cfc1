// polls as the composition roots build it (PlatformModule + HealthModule + SecurityModule + PollsModule)
// on the real PostgreSQL (a throwaway database) and the real RabbitMQ (exchanges and queues unique to
// the run, deleted at close), with access tokens minted by a test key set.
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { EventName } from '@webinar/contracts';
import { ACCESS_TOKEN_ISSUER, createHttpApp, PlatformModule, ResponseCheckInterceptor } from '@webinar/http';
import { AmqpBus, deleteRunTopology, PrefixedBus } from '@webinar/messaging';
import { HealthModule } from '@webinar/observability';
import { DATABASE, type Database } from '@webinar/persistence';
import { type AccessIdentity, issueAccessToken, KeySet, RevocationSet, SecurityModule } from '@webinar/security';
import { createTestDatabase, testAmqpUrl, testDatabaseUrl, type TestDatabase } from '@webinar/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POLLS_PREFIX } from '../../src/polls.constants';
import { PollsModule } from '../../src/polls.module';

export const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };

export type Identity = Omit<AccessIdentity, 'tokenExpiresAt'>;
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A token's identity; mfa unless the test says otherwise. */
export function identity(over: Partial<Identity>): Identity {
  return { userId: randomUUID(), companyId: null, role: 'customer', sessionId: randomUUID(), elevated: false, mfa: true, ...over };
}

export interface RecordedEvent {
  name: string;
  payload: Record<string, unknown>;
}

export interface PollsTestApp {
  app: NestFastifyApplication;
  bus: PrefixedBus;
  database: Database;
  /** Superuser URL of the test database (for expectNoPlaintext). */
  databaseUrl: string;
  dataDir: string;
  token(identity: Partial<Identity>): Promise<string>;
  call(method: Method, url: string, bearer?: string, payload?: unknown): ReturnType<NestFastifyApplication['inject']>;
  /** The `events` published on the bus from now on. */
  record(events: EventName[]): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

export async function startPollsApp(): Promise<PollsTestApp> {
  const amqpUrl = await testAmqpUrl();
  const adminUrl = await testDatabaseUrl();
  if (!amqpUrl || !adminUrl) throw new Error('These tests need the real PostgreSQL and RabbitMQ.');
  const prefix = `test.${randomBytes(5).toString('hex')}`;
  const exchanges = { exchange: `${prefix}.events`, deadLetterExchange: `${prefix}.dlx` };
  const bus = new PrefixedBus(await AmqpBus.connect({ url: amqpUrl, logger: silent, connectionName: `${prefix}-polls`, ...exchanges }), prefix);
  const dataDir = mkdtempSync(join(tmpdir(), 'polls-'));
  const testDb: TestDatabase = await createTestDatabase(adminUrl, 'polls');
  const keys = await KeySet.generate({ use: 'sig' });
  @Module({
    imports: [
      PlatformModule.forRoot({ logger: silent, bus }),
      HealthModule.forRoot(),
      SecurityModule.forRoot({ issuer: ACCESS_TOKEN_ISSUER, audience: POLLS_PREFIX, keys, revocations: new RevocationSet() }),
      // Snapshots are flushed by the tests themselves (a long interval keeps the timer out of the way).
      PollsModule.register({ dataDir, databaseUrl: testDb.url, snapshotIntervalMs: 5_000 }),
    ],
  })
  class TestRoot {}
  const app = await createHttpApp(TestRoot, { logger: silent });
  // Every answer in every test is parsed with the schema its route declares (the OpenAPI document's).
  app.useGlobalInterceptors(new ResponseCheckInterceptor());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  let recorders = 0;
  return {
    app,
    bus,
    database: app.get<Database>(DATABASE),
    databaseUrl: testDb.url,
    dataDir,
    token: (over) => issueAccessToken(keys, identity(over), { issuer: ACCESS_TOKEN_ISSUER, audience: POLLS_PREFIX, ttlSeconds: 240 }),
    call: (method, url, bearer, payload) =>
      app.inject({
        method,
        url,
        headers: bearer === undefined ? {} : { authorization: `Bearer ${bearer}` },
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
    async record(events) {
      const received: RecordedEvent[] = [];
      await bus.subscribe({ queue: `recorder.${++recorders}`, events }, async (m) => {
        received.push({ name: m.name, payload: { ...m.payload } });
      });
      return received;
    },
    async close() {
      await app.close();
      await bus.close();
      await deleteRunTopology(amqpUrl, bus.queues, exchanges);
      await testDb.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Retries `assertion` until it passes or `timeoutMs` elapses (the bus and the outbox relay are asynchronous). */
export async function eventually(assertion: () => Promise<void> | void, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
