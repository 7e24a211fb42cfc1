import { randomUUID } from 'node:crypto';
import { context } from '@opentelemetry/api';
import { Events } from '@webinar/contracts';
import { AmqpBus, type AmqpBusOptions, type Envelope } from '@webinar/messaging';
import { testAmqpUrl } from '@webinar/testing';
import { BrokerAdmin, FlakyProxy, forceCloseFromBroker, uniqueTopology, viaProxy } from './support/broker';
import { deferred, eventually, seminarLive } from './support/events';
import { activeTraceId, contextWithTrace, installTracePropagation } from './support/otel';
import { RecordingLogger } from './support/recording-logger';

type LiveEnvelope = Envelope<typeof Events.SeminarLive>;

describe('AmqpBus against RabbitMQ', () => {
  let url: string | undefined;
  let admin: BrokerAdmin;
  let topology: ReturnType<typeof uniqueTopology>;
  let logger: RecordingLogger;
  const buses: AmqpBus[] = [];

  async function connectBus(overrides: Partial<AmqpBusOptions> = {}): Promise<AmqpBus> {
    const bus = await AmqpBus.connect({
      url: url!,
      exchange: topology.exchange,
      deadLetterExchange: topology.deadLetterExchange,
      logger,
      reconnect: { initialMs: 50, maxMs: 500 },
      redeliveryDelay: { initialMs: 5, maxMs: 20 },
      publishTimeoutMs: 5_000,
      ...overrides,
    });
    buses.push(bus);
    return bus;
  }

  beforeAll(async () => {
    url = await testAmqpUrl();
    if (url) admin = await BrokerAdmin.open(url);
  });

  afterAll(async () => {
    if (url) await admin.close();
  });

  beforeEach(() => {
    topology = uniqueTopology();
    logger = new RecordingLogger();
  });

  afterEach(async () => {
    if (!url) return;
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
    const { queue } = topology;
    await admin.deleteTopology([queue, `${queue}.dlq`], [topology.exchange, topology.deadLetterExchange]);
  });

  it('publishes with confirms and delivers the envelope to a subscriber', async () => {
    if (!url) return;
    const bus = await connectBus();
    const received = deferred<LiveEnvelope>();
    await bus.subscribe({ queue: topology.queue, events: [Events.SeminarLive] }, async (message) => received.resolve(message));
    const payload = seminarLive();
    const id = randomUUID();
    const occurredAt = '2026-11-27T10:00:00.123Z';

    await bus.publish(Events.SeminarLive, payload, { id, headers: { 'x-tenant': 'acme' }, occurredAt });

    expect(await received.promise).toEqual({ id, name: Events.SeminarLive, occurredAt, payload, headers: { 'x-tenant': 'acme' } });
  });

  it('sends persistent JSON messages whose id, type and time are AMQP properties', async () => {
    if (!url) return;
    const bus = await connectBus();
    const probe = `${topology.prefix}.probe`;
    await admin.withChannel(async (channel) => {
      await channel.assertExchange(topology.exchange, 'topic', { durable: true });
      await channel.assertQueue(probe, { exclusive: false, durable: false, autoDelete: false });
      await channel.bindQueue(probe, topology.exchange, Events.SeminarLive);
    });
    const id = randomUUID();

    await bus.publish(Events.SeminarLive, seminarLive(), { id });

    const message = await admin.withChannel(async (channel) => {
      const got = await channel.get(probe, { noAck: true });
      await channel.deleteQueue(probe);
      return got;
    });
    expect(message).not.toBe(false);
    if (message === false) return;
    expect(message.fields.routingKey).toBe(Events.SeminarLive);
    expect(message.properties).toMatchObject({ messageId: id, type: Events.SeminarLive, contentType: 'application/json', deliveryMode: 2 });
    expect(JSON.parse(message.content.toString())).toHaveProperty('seminarId');
  });

  it('declares a durable quorum queue with the delivery limit and a dead-letter queue', async () => {
    if (!url) return;
    const bus = await connectBus();
    await bus.subscribe({ queue: topology.queue, events: [Events.SeminarLive], deliveryLimit: 3 }, async () => undefined);
    const { queue, deadLetterExchange } = topology;
    const expectedArgs = {
      'x-queue-type': 'quorum',
      'x-delivery-limit': 3,
      'x-dead-letter-exchange': deadLetterExchange,
      'x-dead-letter-routing-key': queue,
    };

    // The broker accepts a re-declaration only when every argument is equivalent...
    await admin.withChannel((channel) => channel.assertQueue(queue, { durable: true, arguments: expectedArgs }));
    // ...and names the current value when one differs.
    await expect(
      admin.withChannel((channel) => channel.assertQueue(queue, { durable: true, arguments: { ...expectedArgs, 'x-queue-type': 'classic' } })),
    ).rejects.toThrow(/current is 'quorum'/);
    await expect(
      admin.withChannel((channel) => channel.assertQueue(queue, { durable: true, arguments: { ...expectedArgs, 'x-delivery-limit': 4 } })),
    ).rejects.toThrow(/x-delivery-limit.*current is '3'/);
    await expect(admin.withChannel((channel) => channel.checkQueue(`${queue}.dlq`))).resolves.toMatchObject({ queue: `${queue}.dlq` });
  });

  it('refuses to re-subscribe a queue with a different delivery limit', async () => {
    if (!url) return;
    const bus = await connectBus();
    await bus.subscribe({ queue: topology.queue, events: [Events.SeminarLive], deliveryLimit: 3 }, async () => undefined);

    await expect(bus.subscribe({ queue: topology.queue, events: [Events.SeminarLive], deliveryLimit: 4 }, async () => undefined)).rejects.toMatchObject({
      code: 'TOPOLOGY_MISMATCH',
    });
  });

  it('dead-letters invalid payloads, unknown events and unparsable JSON without calling the handler', async () => {
    if (!url) return;
    const bus = await connectBus();
    const handler = jest.fn(async () => undefined);
    await bus.subscribe({ queue: topology.queue, events: [Events.SeminarLive] }, handler);
    const publishRaw = (type: string, body: string): Promise<void> =>
      admin.withChannel(async (channel) => {
        channel.publish(topology.exchange, Events.SeminarLive, Buffer.from(body), {
          messageId: randomUUID(),
          type,
          contentType: 'application/json',
          headers: { 'x-occurred-at': new Date().toISOString() },
        });
      });

    await publishRaw(Events.SeminarLive, JSON.stringify({ seminarId: 'not-a-uuid' }));
    await publishRaw('cms.seminar.bogus.v1', JSON.stringify(seminarLive()));
    await publishRaw(Events.SeminarLive, '{ not json');

    const dead = await admin.drainQueue(`${topology.queue}.dlq`, 3);
    expect(dead).toHaveLength(3);
    expect(dead.map((m) => m.headers['x-first-death-reason'])).toEqual(['rejected', 'rejected', 'rejected']);
    expect(handler).not.toHaveBeenCalled();
    const reasons = logger.entries.filter((e) => e.msg === 'rejecting invalid message to the dead-letter queue').map((e) => (e.obj as { reason: string }).reason);
    expect(reasons).toEqual([
      expect.stringMatching(/^invalid cms\.seminar\.live\.v1 payload: seminarId: Invalid UUID/),
      'unknown event name "cms.seminar.bogus.v1"',
      'body is not valid JSON',
    ]);
  });

  it('redelivers a message whose handler threw', async () => {
    if (!url) return;
    const bus = await connectBus();
    const ids: string[] = [];
    const done = deferred();
    await bus.subscribe({ queue: topology.queue, events: [Events.SeminarLive] }, async (message) => {
      ids.push(message.id);
      if (ids.length === 1) throw new Error('transient');
      done.resolve();
    });

    await bus.publish(Events.SeminarLive, seminarLive());
    await done.promise;

    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
  });

  it('dead-letters a message after the delivery limit is exhausted', async () => {
    if (!url) return;
    const bus = await connectBus();
    let calls = 0;
    await bus.subscribe({ queue: topology.queue, events: [Events.SeminarLive], deliveryLimit: 2 }, async () => {
      calls += 1;
      throw new Error('permanent');
    });
    const id = randomUUID();

    await bus.publish(Events.SeminarLive, seminarLive(), { id });
    const dead = await admin.drainQueue(`${topology.queue}.dlq`, 1);

    expect(dead).toHaveLength(1);
    expect(dead[0]!.headers['x-first-death-reason']).toBe('delivery_limit');
    expect(dead[0]!.type).toBe(Events.SeminarLive);
    expect(calls).toBe(3);
  });

  it('reconnects after the broker closes its connection, and resumes consuming and publishing', async () => {
    if (!url) return;
    const connectionName = `${topology.prefix}.conn`;
    const bus = await connectBus({ connectionName });
    const received: string[] = [];
    await bus.subscribe({ queue: topology.queue, events: [Events.SeminarLive] }, async (message) => {
      received.push(message.id);
    });
    const before = randomUUID();
    await bus.publish(Events.SeminarLive, seminarLive(), { id: before });
    await eventually(() => received.includes(before), 'delivery before the outage');

    await forceCloseFromBroker(connectionName);
    await eventually(() => logger.messages('warn').includes('lost connection to message broker; reconnecting'), 'the drop to be noticed');
    const after = randomUUID();
    await bus.publish(Events.SeminarLive, seminarLive(), { id: after });

    await eventually(() => received.includes(after), 'delivery after the reconnect');
    await expect(bus.ping()).resolves.toBeUndefined();
    expect(logger.messages('info').filter((m) => m === 'connected to message broker')).toHaveLength(2);
  });

  it('re-subscribes when the broker cancels the consumer (queue deleted)', async () => {
    if (!url) return;
    const bus = await connectBus();
    const received: string[] = [];
    await bus.subscribe({ queue: topology.queue, events: [Events.SeminarLive] }, async (message) => {
      received.push(message.id);
    });

    await admin.withChannel((channel) => channel.deleteQueue(topology.queue));
    await eventually(() => logger.messages('warn').includes('broker cancelled consumer; re-subscribing'), 'the cancel notification');
    await eventually(
      () => admin.withChannel((channel) => channel.checkQueue(topology.queue)).then(() => true, () => false),
      'the queue to be declared again',
    );
    const id = randomUUID();
    await bus.publish(Events.SeminarLive, seminarLive(), { id });

    await eventually(() => received.includes(id), 'delivery to the re-created consumer');
  });

  it('holds publishes during an outage and completes them once the broker is back', async () => {
    if (!url) return;
    const target = new URL(url);
    const proxy = await FlakyProxy.start({ host: target.hostname, port: Number(target.port || 5672) });
    try {
      const bus = await connectBus({ url: viaProxy(url, proxy.port), reconnect: { initialMs: 50, maxMs: 200 } });
      const received: string[] = [];
      await bus.subscribe({ queue: topology.queue, events: [Events.SeminarLive] }, async (message) => {
        received.push(message.id);
      });

      proxy.cut();
      await eventually(() => bus.ping().then(() => false, () => true), 'the bus to notice the outage');
      const id = randomUUID();
      let settled = false;
      const publishing = bus.publish(Events.SeminarLive, seminarLive(), { id }).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false);

      proxy.restore();
      await publishing;
      await eventually(() => received.includes(id), 'delivery of the held message');
    } finally {
      await Promise.all(buses.splice(0).map((bus) => bus.close()));
      await proxy.stop();
    }
  });

  it('rejects a publish the broker never confirms within the timeout', async () => {
    if (!url) return;
    const target = new URL(url);
    const proxy = await FlakyProxy.start({ host: target.hostname, port: Number(target.port || 5672) });
    try {
      const bus = await connectBus({ url: viaProxy(url, proxy.port), publishTimeoutMs: 400 });
      proxy.cut();
      await eventually(() => bus.ping().then(() => false, () => true), 'the bus to notice the outage');

      await expect(bus.publish(Events.SeminarLive, seminarLive())).rejects.toMatchObject({ code: 'BROKER_UNAVAILABLE' });
    } finally {
      await Promise.all(buses.splice(0).map((bus) => bus.close()));
      await proxy.stop();
    }
  });

  it('fails to connect within the connect timeout when no broker answers', async () => {
    if (!url) return;
    const proxy = await FlakyProxy.start({ host: '127.0.0.1', port: 1 });
    proxy.cut();
    try {
      await expect(connectBus({ url: viaProxy(url, proxy.port), connectTimeoutMs: 300 })).rejects.toMatchObject({ code: 'BROKER_UNAVAILABLE' });
      expect(logger.entries.some((e) => JSON.stringify(e.obj).includes('guest:guest'))).toBe(false);
    } finally {
      await proxy.stop();
    }
  });

  it('close() waits for a running handler, then refuses to publish', async () => {
    if (!url) return;
    const bus = await connectBus();
    const started = deferred();
    let finished = false;
    await bus.subscribe({ queue: topology.queue, events: [Events.SeminarLive] }, async () => {
      started.resolve();
      await new Promise((resolve) => setTimeout(resolve, 300));
      finished = true;
    });
    await bus.publish(Events.SeminarLive, seminarLive());
    await started.promise;

    await bus.close();

    expect(finished).toBe(true);
    await expect(bus.publish(Events.SeminarLive, seminarLive())).rejects.toMatchObject({ code: 'BUS_CLOSED' });
    const left = await admin.withChannel((channel) => channel.checkQueue(topology.queue));
    expect(left.messageCount).toBe(0);
  });

  describe('with trace propagation installed', () => {
    let uninstall: () => void;
    beforeAll(() => {
      uninstall = installTracePropagation();
    });
    afterAll(() => uninstall());

    it('continues the publisher\'s trace inside the handler', async () => {
      if (!url) return;
      const bus = await connectBus();
      const traceId = '0af7651916cd43dd8448eb211c80319c';
      const seen = deferred<string | undefined>();
      await bus.subscribe({ queue: topology.queue, events: [Events.SeminarLive] }, async () => seen.resolve(activeTraceId()));

      await context.with(contextWithTrace(traceId), () => bus.publish(Events.SeminarLive, seminarLive()));

      expect(await seen.promise).toBe(traceId);
    });

    it('keeps an explicit traceparent (a relayed outbox row) over the publisher\'s active trace', async () => {
      if (!url) return;
      const bus = await connectBus();
      const stored = 'a3ce929d0e0e47364bf92f3577b34da6';
      const seen = deferred<string | undefined>();
      await bus.subscribe({ queue: topology.queue, events: [Events.SeminarLive] }, async () => seen.resolve(activeTraceId()));

      await context.with(contextWithTrace('0af7651916cd43dd8448eb211c80319c'), () =>
        bus.publish(Events.SeminarLive, seminarLive(), { headers: { traceparent: `00-${stored}-00f067aa0ba902b7-01` } }),
      );

      expect(await seen.promise).toBe(stored);
    });
  });
});
