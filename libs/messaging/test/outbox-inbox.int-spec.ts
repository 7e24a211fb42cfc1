import { randomUUID } from 'node:crypto';
import { context } from '@opentelemetry/api';
import { Events } from '@webinar/contracts';
import {
  AmqpBus,
  enqueue,
  idempotentHandler,
  InProcessBus,
  OutboxRelay,
  outboxClaimLeaseDdl,
  outboxInboxDdl,
  type Envelope,
  type OutboxRelayOptions,
} from '@webinar/messaging';
import { createTestDatabase, testAmqpUrl, testDatabaseUrl, type TestDatabase } from '@webinar/testing';
import { DataSource, type EntityManager } from 'typeorm';
import { BrokerAdmin, uniqueTopology } from './support/broker';
import { deferred, eventually, seminarLive } from './support/events';
import { activeTraceId, contextWithTrace, installTracePropagation } from './support/otel';
import { RecordingLogger } from './support/recording-logger';
import { SwitchableBus } from './support/switchable-bus';

const schema = 'svc';
type LiveEnvelope = Envelope<typeof Events.SeminarLive>;
const tenant = (message: LiveEnvelope): { companyId: string } => ({ companyId: message.payload.companyId });

describe('outbox and inbox against PostgreSQL', () => {
  let db: TestDatabase | undefined;
  let dataSource: DataSource;
  let logger: RecordingLogger;
  let inner: InProcessBus;
  let bus: SwitchableBus;
  let received: LiveEnvelope[];
  const relays: OutboxRelay[] = [];

  function relay(overrides: Partial<OutboxRelayOptions> = {}): OutboxRelay {
    const created = new OutboxRelay({ dataSource, schema, bus, logger, pollMs: 20, maxBackoffMs: 100, ...overrides });
    relays.push(created);
    return created;
  }

  async function enqueueLive(manager: EntityManager): Promise<string> {
    return enqueue(manager, schema, Events.SeminarLive, seminarLive());
  }

  async function pendingRows(): Promise<Array<{ id: string; attempts: number }>> {
    return dataSource.query(`SELECT id, attempts FROM svc.outbox WHERE published_at IS NULL ORDER BY seq`);
  }

  beforeAll(async () => {
    const adminUrl = await testDatabaseUrl();
    if (!adminUrl) return;
    db = await createTestDatabase(adminUrl, 'messaging');
    dataSource = new DataSource({ type: 'postgres', url: db.url });
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA ${schema}`);
    for (const statement of [...outboxInboxDdl(schema), ...outboxClaimLeaseDdl(schema)]) await dataSource.query(statement);
    await dataSource.query(`CREATE TABLE svc.effects (message_id uuid NOT NULL, note text NOT NULL)`);
  });

  afterAll(async () => {
    if (!db) return;
    await dataSource.destroy();
    await db.drop();
  });

  beforeEach(async () => {
    if (!db) return;
    await dataSource.query(`TRUNCATE svc.outbox, svc.inbox, svc.effects`);
    logger = new RecordingLogger();
    inner = new InProcessBus({ logger, redeliveryDelayMs: 1 });
    bus = new SwitchableBus(inner);
    received = [];
    await inner.subscribe({ queue: 'observer', events: [Events.SeminarLive] }, async (message) => {
      received.push(message);
    });
  });

  afterEach(async () => {
    if (!db) return;
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await inner.close();
  });

  it('creates the tables idempotently, with a partial index on unpublished rows', async () => {
    if (!db) return;
    for (const statement of outboxInboxDdl(schema)) await dataSource.query(statement);

    const [index] = await dataSource.query(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'svc' AND indexname = 'outbox_unpublished_idx'`);
    expect(index.indexdef).toContain('WHERE (published_at IS NULL)');
  });

  it('publishes nothing for an event enqueued in a transaction that rolled back', async () => {
    if (!db) return;
    await expect(
      dataSource.transaction(async (manager) => {
        await enqueueLive(manager);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');

    expect(await relay().flush()).toBe(0);
    await inner.waitForIdle();
    expect(received).toEqual([]);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM svc.outbox`)).toEqual([{ n: 0 }]);
  });

  it('relays committed events exactly once, in order, with their ids and times', async () => {
    if (!db) return;
    const ids = await dataSource.transaction(async (manager) => [await enqueueLive(manager), await enqueueLive(manager), await enqueueLive(manager)]);
    const sut = relay();

    expect(await sut.flush()).toBe(3);
    expect(await sut.flush()).toBe(0);
    await inner.waitForIdle();

    expect(received.map((m) => m.id)).toEqual(ids);
    const rows: Array<{ id: string; occurred_at: Date; published_at: Date | null }> = await dataSource.query(
      `SELECT id, occurred_at, published_at FROM svc.outbox ORDER BY seq`,
    );
    expect(rows.every((row) => row.published_at !== null)).toBe(true);
    expect(received.map((m) => m.occurredAt)).toEqual(rows.map((row) => row.occurred_at.toISOString()));
  });

  it('publishes promptly after poke() without waiting for the next poll', async () => {
    if (!db) return;
    const sut = relay({ pollMs: 60_000 });
    sut.start();
    await eventually(async () => (await pendingRows()).length === 0 && bus.published.length === 0, 'the first idle tick');

    const id = await dataSource.transaction((manager) => enqueueLive(manager));
    sut.poke();

    await eventually(() => received.some((m) => m.id === id), 'the poked relay to publish', 2_000);
  });

  it('is woken by the commit of a transaction that enqueued, not by a poll, and not by a rollback', async () => {
    if (!db) return;
    // The first tick relays the sentinel; after it, no poll comes within this test, so only the
    // commit can make the relay publish.
    const sentinel = await dataSource.transaction((manager) => enqueueLive(manager));
    relay({ pollMs: 600_000 }).start();
    await eventually(async () => received.length === 1 && (await pendingRows()).length === 0, 'the first tick');
    await expect(
      dataSource.transaction(async (manager) => {
        await enqueueLive(manager);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');

    const id = await dataSource.transaction((manager) => enqueueLive(manager));

    await eventually(() => received.length > 1, 'the woken relay to publish');
    await inner.waitForIdle();
    expect(received.map((m) => m.id)).toEqual([sentinel, id]);
    await eventually(async () => (await pendingRows()).length === 0, 'the row marked sent');
  });

  it('holds no row lock and no transaction while it waits for the broker to confirm', async () => {
    if (!db) return;
    const ids = await dataSource.transaction(async (manager) => [await enqueueLive(manager), await enqueueLive(manager)]);
    const slowBroker = new SwitchableBus(inner);
    const held = slowBroker.hold();
    const waiting = relay({ bus: slowBroker }).flush();
    await held.started();

    // Another session can lock the very rows the relay is publishing, without waiting.
    const locked: Array<{ id: string }> = await dataSource.transaction((manager) =>
      manager.query(`SELECT id FROM svc.outbox ORDER BY seq FOR UPDATE NOWAIT`),
    );
    expect(locked.map((row) => row.id)).toEqual(ids);
    const idleInTransaction: unknown[] = await dataSource.query(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    );
    expect(idleInTransaction).toEqual([]);
    // The claim keeps a second relay off them meanwhile.
    expect(await relay().flush()).toBe(0);

    held.release();
    expect(await waiting).toBe(2);
    await inner.waitForIdle();
    expect(received.map((m) => m.id)).toEqual(ids);
  });

  it("publishes a crashed relay's claimed rows once their lease has run out, in order", async () => {
    if (!db) return;
    const ids = await dataSource.transaction(async (manager) => [await enqueueLive(manager), await enqueueLive(manager), await enqueueLive(manager)]);
    // The first relay claims the batch and never gets a confirm: as if its process died mid-batch.
    const deadBroker = new SwitchableBus(inner);
    const held = deadBroker.hold();
    const crashed = relay({ bus: deadBroker, leaseMs: 1_500 }).flush().catch(() => 'never confirmed');
    await held.started();
    const survivor = relay();

    expect(await survivor.flush()).toBe(0);
    let relayed = 0;
    await eventually(async () => (relayed = await survivor.flush()) > 0, 'the lease to run out');

    expect(relayed).toBe(3);
    await inner.waitForIdle();
    expect(received.map((m) => m.id)).toEqual(ids);
    expect(await pendingRows()).toEqual([]);
    held.release(new Error('the dead relay never comes back'));
    expect(await crashed).toBe('never confirmed');
  });

  it('keeps a row while the broker is unreachable and publishes it once it is back', async () => {
    if (!db) return;
    const id = await dataSource.transaction((manager) => enqueueLive(manager));
    const sut = relay();
    bus.available = false;

    await expect(sut.flush()).rejects.toMatchObject({ code: 'OUTBOX_PUBLISH_FAILED' });
    expect(await pendingRows()).toEqual([{ id, attempts: 1 }]);

    bus.available = true;
    expect(await sut.flush()).toBe(1);
    await inner.waitForIdle();
    expect(received.map((m) => m.id)).toEqual([id]);
  });

  it('recovers by itself when running: backs off during the outage, then drains', async () => {
    if (!db) return;
    bus.available = false;
    const ids = await dataSource.transaction(async (manager) => [await enqueueLive(manager), await enqueueLive(manager)]);
    relay().start();
    await eventually(() => logger.messages('warn').includes('outbox relay failed; pending rows stay for the next attempt'), 'a failed attempt');

    bus.available = true;

    await eventually(() => received.length === 2, 'both rows after the outage');
    expect(received.map((m) => m.id)).toEqual(ids);
  });

  it('never lets a later row overtake one that failed', async () => {
    if (!db) return;
    const ids = await dataSource.transaction(async (manager) => [await enqueueLive(manager), await enqueueLive(manager), await enqueueLive(manager)]);
    const sut = relay();
    bus.failAfter = 1;

    await expect(sut.flush()).rejects.toMatchObject({ code: 'OUTBOX_PUBLISH_FAILED' });
    expect((await pendingRows()).map((row) => row.id)).toEqual(ids.slice(1));

    bus.failAfter = undefined;
    bus.available = true;
    expect(await sut.flush()).toBe(2);
    await inner.waitForIdle();
    expect(received.map((m) => m.id)).toEqual(ids);
  });

  it('publishes each row once even with two relays on the same schema', async () => {
    if (!db) return;
    const ids = await dataSource.transaction(async (manager) => {
      const created: string[] = [];
      for (let i = 0; i < 20; i += 1) created.push(await enqueueLive(manager));
      return created;
    });

    const counts = await Promise.all([relay({ batchSize: 3 }).flush(), relay({ batchSize: 3 }).flush()]);
    await inner.waitForIdle();

    expect(counts[0] + counts[1]).toBe(20);
    expect(received.map((m) => m.id).sort()).toEqual([...ids].sort());
  });

  it('delivers each message once to RabbitMQ with two running relays, each with its own pool and connection', async () => {
    if (!db) return;
    const amqpUrl = await testAmqpUrl();
    if (!amqpUrl) return;
    const topology = uniqueTopology();
    const admin = await BrokerAdmin.open(amqpUrl);
    const connect = (): Promise<AmqpBus> =>
      AmqpBus.connect({ url: amqpUrl, exchange: topology.exchange, deadLetterExchange: topology.deadLetterExchange, logger });
    const [first, second] = [await connect(), await connect()];
    const secondPool = new DataSource({ type: 'postgres', url: db.url });
    await secondPool.initialize();
    try {
      // A queue nobody consumes from: its message count is exactly what arrived.
      await admin.withChannel(async (channel) => {
        await channel.assertQueue(topology.queue, { durable: false });
        await channel.bindQueue(topology.queue, topology.exchange, Events.SeminarLive);
      });
      relay({ bus: first, batchSize: 4 }).start();
      relay({ bus: second, dataSource: secondPool, batchSize: 4 }).start();

      const ids: string[] = [];
      for (let i = 0; i < 10; i += 1) {
        const pool = i % 2 === 0 ? dataSource : secondPool;
        ids.push(...(await pool.transaction(async (manager) => [await enqueueLive(manager), await enqueueLive(manager), await enqueueLive(manager)])));
      }
      await eventually(async () => (await pendingRows()).length === 0, 'every row marked sent');

      // Marked sent only after the broker confirmed the publish, so all of them are in the queue now.
      const { messageCount } = await admin.withChannel((channel) => channel.checkQueue(topology.queue));
      expect(messageCount).toBe(ids.length);
      const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM svc.outbox WHERE attempts <> 1`);
      expect(n).toBe(0);
    } finally {
      await Promise.all(relays.splice(0).map((r) => r.stop()));
      await first.close();
      await second.close();
      await secondPool.destroy();
      await admin.deleteTopology([topology.queue, `${topology.queue}.dlq`], [topology.exchange, topology.deadLetterExchange]);
      await admin.close();
    }
  });

  it('refuses to enqueue outside a transaction or with an invalid payload', async () => {
    if (!db) return;
    await expect(enqueueLive(dataSource.manager)).rejects.toMatchObject({ code: 'NO_TRANSACTION' });
    await expect(
      dataSource.transaction((manager) => enqueue(manager, schema, Events.SeminarLive, { seminarId: 'x' } as unknown as ReturnType<typeof seminarLive>)),
    ).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM svc.outbox`)).toEqual([{ n: 0 }]);
  });

  describe('with trace propagation installed', () => {
    let uninstall: () => void;
    beforeAll(() => {
      uninstall = installTracePropagation();
    });
    afterAll(() => uninstall());

    it('carries the trace of the enqueuing request through the outbox to the consumer', async () => {
      if (!db) return;
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const seen = deferred<string | undefined>();
      await inner.subscribe({ queue: 'traced', events: [Events.SeminarLive] }, async () => seen.resolve(activeTraceId()));

      await context.with(contextWithTrace(traceId), () => dataSource.transaction((manager) => enqueueLive(manager)));
      const [row] = await dataSource.query(`SELECT headers FROM svc.outbox`);
      expect(row.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-`));

      await relay().flush();
      expect(await seen.promise).toBe(traceId);
    });
  });

  describe('idempotentHandler', () => {
    function envelope(id = randomUUID()): LiveEnvelope {
      return { id, name: Events.SeminarLive, occurredAt: new Date().toISOString(), payload: seminarLive(), headers: {} };
    }

    async function effects(): Promise<number> {
      const [row] = await dataSource.query(`SELECT count(*)::int AS n FROM svc.effects`);
      return row.n as number;
    }

    it('applies a redelivered message id only once', async () => {
      if (!db) return;
      const calls = jest.fn();
      const sut = idempotentHandler<typeof Events.SeminarLive>({ dataSource, schema, consumer: 'cms.live', tenant }, async (message, manager) => {
        calls();
        await manager.query(`INSERT INTO svc.effects (message_id, note) VALUES ($1, 'live')`, [message.id]);
      });
      const message = envelope();

      await sut(message);
      await sut(message);

      expect(calls).toHaveBeenCalledTimes(1);
      expect(await effects()).toBe(1);
    });

    it('applies concurrent duplicates only once', async () => {
      if (!db) return;
      const sut = idempotentHandler<typeof Events.SeminarLive>({ dataSource, schema, consumer: 'cms.live', tenant }, async (message, manager) => {
        await manager.query(`INSERT INTO svc.effects (message_id, note) VALUES ($1, 'live')`, [message.id]);
        await new Promise((resolve) => setTimeout(resolve, 50));
      });
      const message = envelope();

      await Promise.all([sut(message), sut(message), sut(message)]);

      expect(await effects()).toBe(1);
    });

    it('rolls the inbox row back with a failed handler, so the redelivery runs it', async () => {
      if (!db) return;
      let attempt = 0;
      const sut = idempotentHandler<typeof Events.SeminarLive>({ dataSource, schema, consumer: 'cms.live', tenant }, async (message, manager) => {
        attempt += 1;
        await manager.query(`INSERT INTO svc.effects (message_id, note) VALUES ($1, $2)`, [message.id, `attempt ${attempt}`]);
        if (attempt === 1) throw new Error('downstream failure');
      });
      const message = envelope();

      await expect(sut(message)).rejects.toThrow('downstream failure');
      await sut(message);

      expect(await dataSource.query(`SELECT note FROM svc.effects`)).toEqual([{ note: 'attempt 2' }]);
    });

    it('keeps the same message id apart per consumer', async () => {
      if (!db) return;
      const handler = async (message: LiveEnvelope, manager: EntityManager): Promise<void> => {
        await manager.query(`INSERT INTO svc.effects (message_id, note) VALUES ($1, 'x')`, [message.id]);
      };
      const message = envelope();

      await idempotentHandler({ dataSource, schema, consumer: 'a', tenant }, handler)(message);
      await idempotentHandler({ dataSource, schema, consumer: 'b', tenant }, handler)(message);

      expect(await effects()).toBe(2);
    });

    it('has one effect when RabbitMQ delivers the same message id twice', async () => {
      if (!db) return;
      const amqpUrl = await testAmqpUrl();
      if (!amqpUrl) return;
      const topology = uniqueTopology();
      const admin = await BrokerAdmin.open(amqpUrl);
      const amqp = await AmqpBus.connect({ url: amqpUrl, exchange: topology.exchange, deadLetterExchange: topology.deadLetterExchange, logger });
      try {
        const handled = jest.fn();
        let deliveries = 0;
        const once = idempotentHandler<typeof Events.SeminarLive>(
          { dataSource, schema, consumer: topology.queue, logger, tenant },
          async (message, manager) => {
            await manager.query(`INSERT INTO svc.effects (message_id, note) VALUES ($1, 'amqp')`, [message.id]);
            handled();
          },
        );
        await amqp.subscribe({ queue: topology.queue, events: [Events.SeminarLive] }, async (message) => {
          await once(message);
          deliveries += 1;
        });
        const id = await dataSource.transaction((manager) => enqueueLive(manager));
        const relayed = new OutboxRelay({ dataSource, schema, bus: amqp, logger });
        expect(await relayed.flush()).toBe(1);
        // A relay crash after the confirm but before its commit publishes the row again.
        await dataSource.query(`UPDATE svc.outbox SET published_at = NULL`);
        expect(await relayed.flush()).toBe(1);

        await eventually(() => deliveries === 2, 'both deliveries');
        expect(handled).toHaveBeenCalledTimes(1);
        expect(await dataSource.query(`SELECT message_id FROM svc.effects`)).toEqual([{ message_id: id }]);
        expect(logger.messages('info')).toContain('duplicate message ignored');
      } finally {
        await amqp.close();
        await admin.deleteTopology([topology.queue, `${topology.queue}.dlq`], [topology.exchange, topology.deadLetterExchange]);
        await admin.close();
      }
    });
  });
});
