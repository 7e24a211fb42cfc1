// A declared consumer on real RabbitMQ and PostgreSQL: the framework subscribes it, runs it behind the
// inbox, and scopes its transaction to the tenant it declared, so row-level security lets a handler's
// queries see only that company's rows, even a query written without any company filter.
import { type INestApplicationContext, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Events } from '@webinar/contracts';
import { AmqpBus, type Envelope, outboxClaimLeaseDdl, outboxInboxDdl } from '@webinar/messaging';
import { HealthModule } from '@webinar/observability';
import { DATABASE, type Database, openDatabase, tenantPolicySql, withTenant } from '@webinar/persistence';
import { createTestDatabase, testAmqpUrl, testDatabaseUrl, type TestDatabase, waitFor } from '@webinar/testing';
import { connect } from 'amqplib';
import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { messageConsumersProvider } from '../src/consumers/message-consumers';
import { byCompany, OnMessage, platformWide } from '../src/consumers/on-message';
import { PlatformModule } from '../src/platform.module';

const SCHEMA = 'consumers';
const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
const prefix = `test.${randomBytes(5).toString('hex')}`;
const topology = { exchange: `${prefix}.events`, deadLetterExchange: `${prefix}.dlx` };
const queues = { live: `${prefix}.live`, audit: `${prefix}.audit` };

class ConsumersTestSchema1764201600000 implements MigrationInterface {
  name = 'ConsumersTestSchema1764201600000';

  async up(runner: QueryRunner): Promise<void> {
    const statements = [
      ...outboxInboxDdl(SCHEMA),
      ...outboxClaimLeaseDdl(SCHEMA),
      `CREATE TABLE "${SCHEMA}".notes (company_id uuid NOT NULL, note text NOT NULL)`,
      ...tenantPolicySql(SCHEMA, 'notes'),
    ];
    for (const statement of statements) await runner.query(statement);
  }

  async down(): Promise<void> {}
}

interface Seen {
  messageId: string;
  companies: string[];
}

/** Records which companies' notes each message's handler could see. */
@Injectable()
class NoteReader {
  readonly seen: Seen[] = [];

  private async read(messageId: string, manager: EntityManager): Promise<void> {
    const rows: Array<{ company_id: string }> = await manager.query(`SELECT DISTINCT company_id FROM "${SCHEMA}".notes ORDER BY company_id`);
    this.seen.push({ messageId, companies: rows.map((row) => row.company_id) });
  }

  @OnMessage(Events.SeminarLive, { queue: queues.live, tenant: byCompany })
  live(message: Envelope<typeof Events.SeminarLive>, manager: EntityManager): Promise<void> {
    return this.read(message.id, manager);
  }

  @OnMessage(Events.AuditRecorded, { queue: queues.audit, tenant: platformWide('consumer-tenant test') })
  audit(message: Envelope<typeof Events.AuditRecorded>, manager: EntityManager): Promise<void> {
    return this.read(message.id, manager);
  }
}

describe('declared consumers on RabbitMQ and PostgreSQL', () => {
  let testDb: TestDatabase | undefined;
  let database: Database;
  let bus: AmqpBus;
  let app: INestApplicationContext;
  let amqpUrl: string;
  const companyA = randomUUID();
  const companyB = randomUUID();

  beforeAll(async () => {
    const adminUrl = await testDatabaseUrl();
    const brokerUrl = await testAmqpUrl();
    if (!adminUrl || !brokerUrl) return;
    amqpUrl = brokerUrl;
    testDb = await createTestDatabase(adminUrl, 'consumers');
    database = await openDatabase({ service: SCHEMA, schema: SCHEMA, entities: [], migrations: [ConsumersTestSchema1764201600000], databaseUrl: testDb.url, dataDir: '/nonexistent' });
    await withTenant(database.dataSource, { root: true, reason: 'test fixtures' }, async (manager) => {
      for (const company of [companyA, companyB]) {
        await manager.query(`INSERT INTO "${SCHEMA}".notes (company_id, note) VALUES ($1, 'one'), ($1, 'two')`, [company]);
      }
    });
    bus = await AmqpBus.connect({ url: amqpUrl, ...topology, logger: silent });

    @Module({ providers: [{ provide: DATABASE, useValue: database }, ...messageConsumersProvider(SCHEMA), NoteReader] })
    class TestServiceModule {}
    @Module({ imports: [PlatformModule.forRoot({ logger: silent, bus }), HealthModule.forRoot(), TestServiceModule] })
    class RootModule {}
    app = await NestFactory.createApplicationContext(RootModule, { logger: false, abortOnError: false });
    await app.init();
  });

  afterAll(async () => {
    if (!testDb) return;
    await app?.close();
    await bus?.close();
    await database?.close();
    await testDb.drop();
    const admin = await connect(amqpUrl);
    const channel = await admin.createChannel();
    for (const queue of Object.values(queues)) {
      await channel.deleteQueue(queue);
      await channel.deleteQueue(`${queue}.dlq`);
    }
    for (const exchange of Object.values(topology)) await channel.deleteExchange(exchange);
    await admin.close();
  });

  it("lets each handler see only the declared company's rows, and platform-wide handlers all of them", async () => {
    if (!testDb) return;
    const reader = app.get(NoteReader);
    const liveAt = new Date().toISOString();
    const ids = { a: randomUUID(), b: randomUUID(), platform: randomUUID() };

    await bus.publish(Events.SeminarLive, { seminarId: randomUUID(), companyId: companyA, liveAt }, { id: ids.a });
    await bus.publish(Events.SeminarLive, { seminarId: randomUUID(), companyId: companyB, liveAt }, { id: ids.b });
    await bus.publish(
      Events.AuditRecorded,
      { companyId: null, actorId: null, action: 'platform.checked', at: liveAt, details: {} },
      { id: ids.platform },
    );
    await waitFor('three handled messages', async () => (reader.seen.length === 3 ? true : undefined), { intervalMs: 25 });

    const byMessage = new Map(reader.seen.map((s) => [s.messageId, s.companies]));
    expect(byMessage.get(ids.a)).toEqual([companyA]);
    expect(byMessage.get(ids.b)).toEqual([companyB]);
    expect(byMessage.get(ids.platform)).toEqual([companyA, companyB].sort());
    const inbox: Array<{ consumer: string; message_id: string }> = await database.dataSource.query(
      `SELECT consumer, message_id FROM "${SCHEMA}".inbox ORDER BY consumer, message_id`,
    );
    expect(inbox).toEqual(
      [
        { consumer: queues.live, message_id: ids.a },
        { consumer: queues.live, message_id: ids.b },
        { consumer: queues.audit, message_id: ids.platform },
      ].sort((x, y) => (x.consumer + x.message_id).localeCompare(y.consumer + y.message_id)),
    );
  });
});
