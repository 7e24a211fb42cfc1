// The cross-service proof: a state change in cms, written with its outbox message in one
// transaction, is handled exactly once by auth, a separate process, through the real RabbitMQ:
// in the normal case, when RabbitMQ restarts between the write and the relay, and when the
// consumer dies after its effect committed but before it acked. The trace id of the originating
// HTTP request appears on the consumer's span.
import { createTestDatabase, startRabbitApp, stopAllProcesses, stopRabbitApp, testAmqpUrl, testDatabaseUrl, waitFor, type TestDatabase } from '@webinar/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { launch, readSpans, rootTokenFor, type RunningService } from './topology';

jest.setTimeout(240_000);

describe('outbox → RabbitMQ → inbox across processes', () => {
  let database: TestDatabase | undefined;
  let amqpUrl: string | undefined;
  let work: string;
  let auth: RunningService;
  let cms: RunningService;
  let sql: Client;

  const authEnv = (): { name: 'auth'; dataDir: string; databaseUrl: string; amqpUrl: string } => ({
    name: 'auth',
    dataDir: join(work, 'auth'),
    databaseUrl: database!.url,
    amqpUrl: amqpUrl!,
  });

  async function createCompany(name: string, traceparent?: string): Promise<{ status: number; id?: string }> {
    const token = await rootTokenFor(join(work, 'auth'), 'cms');
    const response = await fetch(`${cms.url}/cms/companies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(traceparent ? { traceparent } : {}) },
      body: JSON.stringify({ name }),
    });
    const body = (await response.json()) as { id?: string };
    return { status: response.status, ...(body.id ? { id: body.id } : {}) };
  }

  async function learned(id: string): Promise<{ companies: number; inbox: number }> {
    const companies = await sql.query<{ n: string }>('select count(*) as n from auth.companies where id = $1', [id]);
    const inbox = await sql.query<{ n: string }>("select count(*) as n from auth.inbox where consumer = 'auth.companies'");
    return { companies: Number(companies.rows[0]?.n), inbox: Number(inbox.rows[0]?.n) };
  }

  const learnedOnce = (id: string) => () =>
    waitFor(`auth to learn company ${id}`, async () => ((await learned(id)).companies === 1 ? true : undefined), {
      timeoutMs: 60_000,
      context: () => `--- auth ---\n${auth.process.output().slice(-4000)}\n--- cms ---\n${cms.process.output().slice(-4000)}`,
    });

  beforeAll(async () => {
    const adminUrl = await testDatabaseUrl();
    amqpUrl = await testAmqpUrl();
    if (!adminUrl || !amqpUrl) return;
    database = await createTestDatabase(adminUrl, 'e2e');
    work = mkdtempSync(join(tmpdir(), 'e2e-outbox-'));
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    auth = await launch(authEnv());
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
    await sql?.end();
    await database?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const itWithInfra = (name: string, fn: () => Promise<void>): void =>
    it(name, async () => {
      if (!database) {
        console.warn('PostgreSQL or RabbitMQ is not available; skipped');
        return;
      }
      await fn();
    });

  itWithInfra('delivers a committed change once and carries the request trace id to the consumer', async () => {
    const traceId = randomBytes(16).toString('hex');
    const created = await createCompany('Acme', `00-${traceId}-${randomBytes(8).toString('hex')}-01`);
    expect(created.status).toBe(201);
    await learnedOnce(created.id!)();
    expect((await learned(created.id!)).companies).toBe(1);

    const consumerSpans = await waitFor('the consumer span in auth', async () => {
      const spans = readSpans(auth.spansFile).filter((s) => s.traceId === traceId);
      return spans.length > 0 ? spans : undefined;
    });
    expect(consumerSpans.every((s) => s.traceId === traceId)).toBe(true);
    expect(readSpans(cms.spansFile).some((s) => s.traceId === traceId)).toBe(true);
  });

  itWithInfra('delivers exactly once when RabbitMQ restarts between the write and the relay', async () => {
    await stopRabbitApp();
    let created: { status: number; id?: string };
    try {
      created = await createCompany('Written while the broker is down');
      expect(created.status).toBe(201);
      const pending = await sql.query<{ n: string }>('select count(*) as n from cms.outbox where published_at is null');
      expect(Number(pending.rows[0]?.n)).toBeGreaterThanOrEqual(1);
    } finally {
      await startRabbitApp();
    }
    await learnedOnce(created.id!)();
    const unpublished = await sql.query<{ n: string }>('select count(*) as n from cms.outbox where published_at is null');
    expect(Number(unpublished.rows[0]?.n)).toBe(0);
    expect((await learned(created.id!)).companies).toBe(1);
  });

  itWithInfra('has no second effect when the consumer dies after committing but before acking', async () => {
    await auth.process.stop();
    const crashing = await launch({ ...authEnv(), port: auth.port, extraEnv: { WEBINAR_FAULT: 'exit-before-ack' } });
    const inboxBefore = (await learned('00000000-0000-0000-0000-000000000000')).inbox;
    const created = await createCompany('Handled, then the consumer crashed');
    expect(created.status).toBe(201);
    const code = await crashing.process.exited();
    expect(code).toBe(86);
    // The effect committed before the crash …
    expect(await learned(created.id!)).toEqual({ companies: 1, inbox: inboxBefore + 1 });

    // … and the redelivery to a fresh process is recognised by the inbox: no second row, no error.
    auth = await launch({ ...authEnv(), port: auth.port });
    await waitFor('the redelivered message to be acknowledged', async () => {
      const output = auth.process.output();
      return output.includes('duplicate message ignored') ? true : undefined;
    }, { timeoutMs: 30_000, context: () => auth.process.output().slice(-4000) });
    expect(await learned(created.id!)).toEqual({ companies: 1, inbox: inboxBefore + 1 });
  });
});
