// A real auth app for integration tests: real PostgreSQL (throwaway database), the in-process bus,
// a temp data/key folder, and optionally a real SMTP server on loopback whose received mails are
// parsed with mailparser, so a test reads its link from an actual message.
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ACCESS_TOKEN_ISSUER, createHttpApp, PlatformModule, ResponseCheckInterceptor, revocationFeedProvider } from '@webinar/http';
import { InProcessBus } from '@webinar/messaging';
import { HealthModule } from '@webinar/observability';
import { type Database, openDatabase } from '@webinar/persistence';
import { KeySet, RevocationSet, SecurityModule } from '@webinar/security';
import { createTestDatabase, testDatabaseUrl, type TestDatabase, waitFor } from '@webinar/testing';
import { simpleParser } from 'mailparser';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { AUTH_AUDIENCE } from '../../src/auth.constants';
import { authDatabase, AuthModule } from '../../src/auth.module';
import { type AuthTestOptions, testAuthModuleOptions } from './test-settings';

export const PUBLIC_ORIGIN = 'https://webinar.test';
export const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
}

export class SmtpCatcher {
  private constructor(
    private readonly server: SMTPServer,
    readonly url: string,
    readonly mails: ReceivedMail[],
  ) {}

  static async start(): Promise<SmtpCatcher> {
    const mails: ReceivedMail[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream).then(
          (parsed) => {
            const to = Array.isArray(parsed.to) ? parsed.to[0]?.text : parsed.to?.text;
            mails.push({ to: to ?? '', subject: parsed.subject ?? '', text: parsed.text ?? '' });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    return new SmtpCatcher(server, `smtp://127.0.0.1:${port}`, mails);
  }

  /** The link in the newest mail to `to` received after `since` mails had arrived. */
  async linkFor(to: string, since = 0): Promise<string> {
    return waitFor(
      `a mail to ${to}`,
      async () => {
        const mail = this.mails.slice(since).filter((m) => m.to === to).at(-1);
        return mail?.text.match(/https:\/\/\S+\/auth\/link#\S+/)?.[0];
      },
      { timeoutMs: 5000, intervalMs: 20 },
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export function tokenOf(link: string): string {
  return link.slice(link.indexOf('#') + 1);
}

export interface Harness {
  app: NestFastifyApplication;
  bus: InProcessBus;
  revocations: RevocationSet;
  accessKeys: KeySet;
  dataDir: string;
  keysDir: string;
  db: Database;
  close(): Promise<void>;
}

export async function startAuth(extra: AuthTestOptions = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'auth-it-'));
  const keysDir = join(dataDir, 'keys');
  const adminUrl = await testDatabaseUrl();
  const database: TestDatabase | undefined = adminUrl ? await createTestDatabase(adminUrl, 'auth') : undefined;
  const accessKeys = await KeySet.generate({ use: 'sig' });
  const revocations = new RevocationSet();
  const bus = new InProcessBus({ logger: silent });
  const dbOpts = { dataDir, ...(database ? { databaseUrl: database.url } : {}) };
  @Module({
    imports: [
      PlatformModule.forRoot({ logger: silent, bus }),
      HealthModule.forRoot(),
      SecurityModule.forRoot({ issuer: ACCESS_TOKEN_ISSUER, audience: AUTH_AUDIENCE, keys: accessKeys, revocations }),
      AuthModule.register(testAuthModuleOptions({ ...dbOpts, publicUrl: PUBLIC_ORIGIN, accessKeys }, extra)),
    ],
    // As runService and the standalone shape do: the process's revocation set is fed from the bus.
    providers: [...revocationFeedProvider('auth')],
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
    keysDir,
    db,
    async close() {
      await db.close();
      await app.close();
      await bus.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The session cookie's value from a Set-Cookie header, and the header itself. */
export function sessionCookieOf(setCookie: string | string[] | undefined): { value: string; header: string } | undefined {
  const headers = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const header = headers.find((h) => h.startsWith('__Host-session='));
  if (!header) return undefined;
  return { value: header.slice('__Host-session='.length).split(';')[0]!, header };
}
