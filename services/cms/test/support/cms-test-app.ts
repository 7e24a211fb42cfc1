// A cms app as the composition roots build it (PlatformModule + HealthModule + SecurityModule + CmsModule)
// against a throwaway database on the real PostgreSQL, with tokens minted by a test key set.
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { EventName } from '@webinar/contracts';
import { ACCESS_TOKEN_ISSUER, createHttpApp, PlatformModule, ResponseCheckInterceptor } from '@webinar/http';
import { InProcessBus } from '@webinar/messaging';
import { HealthModule } from '@webinar/observability';
import { type AccessIdentity, InternalCredential, issueAccessToken, KeySet, RevocationSet, SecurityModule } from '@webinar/security';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '@webinar/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CMS_AUDIENCE } from '../../src/cms.constants';
import { CmsModule } from '../../src/cms.module';
import { testCmsSettings } from './test-settings';

export const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
export const RTMPS_URL = 'rtmps://media.example.test:1936/live';
/** The media tier's internal secret of every test app: its internal routes are configured, as deployed. */
export const TEST_INTERNAL_CREDENTIAL = InternalCredential.fromSecret('cms-test-internal-secret-0123456789abcdef');

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Identity = Omit<AccessIdentity, 'tokenExpiresAt'>;

export interface CmsTestApp {
  app: NestFastifyApplication;
  bus: InProcessBus;
  dataDir: string;
  databaseUrl: string | undefined;
  token(identity: Partial<Identity>): Promise<string>;
  call(method: Method, url: string, bearer?: string, payload?: unknown): ReturnType<NestFastifyApplication['inject']>;
  /** A call signed with the internal credential, as a media node makes it. */
  internal(method: Method, url: string, payload?: unknown): ReturnType<NestFastifyApplication['inject']>;
  close(): Promise<void>;
}

/**
 * A token's identity; `mfa: true` (a password + TOTP session) unless the test says otherwise, so that
 * admin, root and presenter fixtures reach the routes; tests of the mfa rule pass `mfa: false`.
 */
export function identity(over: Partial<Identity>): Identity {
  return { userId: randomUUID(), companyId: null, role: 'root', sessionId: randomUUID(), elevated: false, mfa: true, ...over };
}

export async function startCmsApp(): Promise<CmsTestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cms-'));
  const adminUrl = await testDatabaseUrl();
  const database: TestDatabase | undefined = adminUrl ? await createTestDatabase(adminUrl, 'cms') : undefined;
  const keys = await KeySet.generate({ use: 'sig' });
  const bus = new InProcessBus({ logger: silent });
  const cms = CmsModule.register({
    dataDir,
    settings: testCmsSettings({ MEDIA_RTMPS_URL: RTMPS_URL }),
    internalCredential: TEST_INTERNAL_CREDENTIAL,
    ...(database ? { databaseUrl: database.url } : {}),
  });
  @Module({
    imports: [
      PlatformModule.forRoot({ logger: silent, bus }),
      HealthModule.forRoot(),
      SecurityModule.forRoot({ issuer: ACCESS_TOKEN_ISSUER, audience: CMS_AUDIENCE, keys, revocations: new RevocationSet() }),
      cms,
    ],
  })
  class TestRoot {}
  const app = await createHttpApp(TestRoot, { logger: silent });
  // Every answer in every test is parsed with the schema its route declares (the OpenAPI document's).
  app.useGlobalInterceptors(new ResponseCheckInterceptor());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  return {
    app,
    bus,
    dataDir,
    databaseUrl: database?.url,
    token: (over) =>
      issueAccessToken(keys, identity(over), { issuer: ACCESS_TOKEN_ISSUER, audience: CMS_AUDIENCE, ttlSeconds: 240 }),
    call: (method, url, bearer, payload) =>
      app.inject({
        method,
        url,
        headers: bearer === undefined ? {} : { authorization: `Bearer ${bearer}` },
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
    internal: (method, url, payload) =>
      app.inject({
        method,
        url,
        headers: TEST_INTERNAL_CREDENTIAL.sign('stream.test', method, url, payload),
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
    close: async () => {
      await app.close();
      await bus.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Collects the payloads of the given events from the bus. */
export async function recordEvents(bus: InProcessBus, queue: string, events: EventName[]): Promise<{ name: string; payload: Record<string, unknown> }[]> {
  const received: { name: string; payload: Record<string, unknown> }[] = [];
  await bus.subscribe({ queue, events }, async (m) => {
    received.push({ name: m.name, payload: m.payload });
  });
  return received;
}

/**
 * Retries `assertion` until it passes or `timeoutMs` elapses: the outbox relay polls every 200 ms and
 * on a loaded machine a fixed sleep is not enough.
 */
export async function eventually(bus: InProcessBus, assertion: () => void, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    await bus.waitForIdle();
    try {
      assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

export function inHours(hours: number): string {
  return new Date(Date.now() + hours * 3_600_000).toISOString();
}
