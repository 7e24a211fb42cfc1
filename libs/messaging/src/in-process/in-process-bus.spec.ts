import { context } from '@opentelemetry/api';
import { Events, type EventName } from '@webinar/contracts';
import { deferred, seminarEnded, seminarLive } from '../../test/support/events';
import { activeTraceId, contextWithTrace, installTracePropagation } from '../../test/support/otel';
import { RecordingLogger } from '../../test/support/recording-logger';
import { type Envelope } from '../envelope';
import { InProcessBus } from './in-process-bus';

describe('InProcessBus', () => {
  let logger: RecordingLogger;
  let sut: InProcessBus;

  beforeEach(() => {
    logger = new RecordingLogger();
    sut = new InProcessBus({ logger, redeliveryDelayMs: 1 });
  });

  afterEach(async () => {
    await sut.close();
  });

  it('delivers a published event with its envelope, never synchronously inside publish()', async () => {
    const received: Envelope<typeof Events.SeminarLive>[] = [];
    await sut.subscribe({ queue: 'cms.live', events: [Events.SeminarLive] }, async (message) => {
      received.push(message);
    });
    const payload = seminarLive();

    await sut.publish(Events.SeminarLive, payload, { id: '5d0f1e4e-6d63-4c4e-9a7e-3f1f0c2b8a11', headers: { tenant: 'a' } });
    expect(received).toHaveLength(0);

    await sut.waitForIdle();
    expect(received).toEqual([
      { id: '5d0f1e4e-6d63-4c4e-9a7e-3f1f0c2b8a11', name: Events.SeminarLive, occurredAt: expect.any(String), payload, headers: { tenant: 'a' } },
    ]);
  });

  it('routes on exact names and gives every queue its own copy', async () => {
    const seen: Record<string, EventName[]> = { a: [], b: [] };
    await sut.subscribe({ queue: 'a', events: [Events.SeminarLive] }, async (m) => {
      seen['a']!.push(m.name);
    });
    await sut.subscribe({ queue: 'b', events: [Events.SeminarLive, Events.SeminarEnded] }, async (m) => {
      seen['b']!.push(m.name);
    });

    await sut.publish(Events.SeminarLive, seminarLive());
    await sut.publish(Events.SeminarEnded, seminarEnded());
    await sut.waitForIdle();

    expect(seen['a']).toEqual([Events.SeminarLive]);
    expect(seen['b']).toEqual([Events.SeminarLive, Events.SeminarEnded]);
  });

  it('shares one queue between competing consumers, each message handled once', async () => {
    const handledBy: string[] = [];
    await sut.subscribe({ queue: 'shared', events: [Events.SeminarLive] }, async () => {
      handledBy.push('first');
    });
    await sut.subscribe({ queue: 'shared', events: [Events.SeminarLive] }, async () => {
      handledBy.push('second');
    });

    for (let i = 0; i < 4; i += 1) await sut.publish(Events.SeminarLive, seminarLive());
    await sut.waitForIdle();

    expect(handledBy).toHaveLength(4);
    expect(new Set(handledBy)).toEqual(new Set(['first', 'second']));
  });

  it('redelivers a message whose handler threw, with the same id', async () => {
    const ids: string[] = [];
    await sut.subscribe({ queue: 'flaky', events: [Events.SeminarLive] }, async (message) => {
      ids.push(message.id);
      if (ids.length === 1) throw new Error('database blip');
    });

    await sut.publish(Events.SeminarLive, seminarLive());
    await sut.waitForIdle();

    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    expect(sut.deadLetters).toEqual([]);
    expect(logger.messages('warn')).toContain('handler failed; message will be redelivered');
  });

  it('dead-letters after deliveryLimit redeliveries, as RabbitMQ does', async () => {
    let calls = 0;
    await sut.subscribe({ queue: 'broken', events: [Events.SeminarLive], deliveryLimit: 2 }, async () => {
      calls += 1;
      throw new Error('always fails');
    });

    await sut.publish(Events.SeminarLive, seminarLive());
    await sut.waitForIdle();

    expect(calls).toBe(3);
    expect(sut.deadLetters).toHaveLength(1);
    expect(sut.deadLetters[0]).toMatchObject({ queue: 'broken', deliveries: 3, reason: 'delivery limit reached: always fails' });
    expect(logger.messages('error')).toContain('message dead-lettered');
  });

  it('refuses an invalid payload at publish time', async () => {
    const handler = jest.fn(async () => undefined);
    await sut.subscribe({ queue: 'strict', events: [Events.SeminarLive] }, handler);

    const invalid = { seminarId: 'not-a-uuid' } as unknown as ReturnType<typeof seminarLive>;
    await expect(sut.publish(Events.SeminarLive, invalid)).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
    await sut.waitForIdle();

    expect(handler).not.toHaveBeenCalled();
  });

  it('never lets an invalid payload from a foreign producer reach a handler', async () => {
    const handler = jest.fn(async () => undefined);
    await sut.subscribe({ queue: 'strict', events: [Events.SeminarLive] }, handler);

    await sut.publishUnvalidated(Events.SeminarLive, { seminarId: 'not-a-uuid' });
    await sut.waitForIdle();

    expect(handler).not.toHaveBeenCalled();
    expect(sut.deadLetters).toHaveLength(1);
    expect(sut.deadLetters[0]!.reason).toMatch(/^invalid cms\.seminar\.live\.v1 payload: seminarId: Invalid UUID/);
    expect(sut.deadLetters[0]!.deliveries).toBe(0);
  });

  it('keeps messages for a queue while it has no consumer, like a durable queue', async () => {
    const first = await sut.subscribe({ queue: 'durable', events: [Events.SeminarLive] }, async () => undefined);
    await first.cancel();
    const payload = seminarLive();
    await sut.publish(Events.SeminarLive, payload);

    const received: unknown[] = [];
    await sut.subscribe({ queue: 'durable', events: [Events.SeminarLive] }, async (m) => {
      received.push(m.payload);
    });
    await sut.waitForIdle();

    expect(received).toEqual([payload]);
  });

  it('never runs more handlers of one consumer at once than its prefetch', async () => {
    let running = 0;
    let peak = 0;
    await sut.subscribe({ queue: 'narrow', events: [Events.SeminarLive], prefetch: 2 }, async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
    });

    for (let i = 0; i < 6; i += 1) await sut.publish(Events.SeminarLive, seminarLive());
    await sut.waitForIdle();

    expect(peak).toBe(2);
  });

  it('refuses a second declaration of a queue with a different delivery limit', async () => {
    await sut.subscribe({ queue: 'q', events: [Events.SeminarLive], deliveryLimit: 3 }, async () => undefined);
    await expect(sut.subscribe({ queue: 'q', events: [Events.SeminarLive], deliveryLimit: 4 }, async () => undefined)).rejects.toMatchObject({
      code: 'TOPOLOGY_MISMATCH',
    });
  });

  it('close() waits for in-flight handlers, then refuses publishing', async () => {
    const started = deferred();
    const release = deferred();
    let finished = false;
    await sut.subscribe({ queue: 'slow', events: [Events.SeminarLive] }, async () => {
      started.resolve();
      await release.promise;
      finished = true;
    });
    await sut.publish(Events.SeminarLive, seminarLive());
    await started.promise;

    let closed = false;
    const closing = sut.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);

    release.resolve();
    await closing;
    expect(finished).toBe(true);
    await expect(sut.publish(Events.SeminarLive, seminarLive())).rejects.toMatchObject({ code: 'BUS_CLOSED' });
    await expect(sut.ping()).rejects.toMatchObject({ code: 'BUS_CLOSED' });
  });

  describe('with trace propagation installed', () => {
    let uninstall: () => void;
    beforeAll(() => {
      uninstall = installTracePropagation();
    });
    afterAll(() => uninstall());

    it('runs the handler inside the publisher\'s trace', async () => {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const seen = deferred<{ header?: string; active?: string }>();
      await sut.subscribe({ queue: 'traced', events: [Events.SeminarLive] }, async (message) => {
        seen.resolve({ header: message.headers['traceparent'], active: activeTraceId() });
      });

      await context.with(contextWithTrace(traceId), () => sut.publish(Events.SeminarLive, seminarLive()));

      const { header, active } = await seen.promise;
      expect(header).toMatch(new RegExp(`^00-${traceId}-`));
      expect(active).toBe(traceId);
    });

    it('takes the trace from the message headers, not from whoever happened to publish', async () => {
      const seen: Array<string | undefined> = [];
      await sut.subscribe({ queue: 'traced', events: [Events.SeminarLive] }, async () => {
        seen.push(activeTraceId());
      });
      const other = 'a3ce929d0e0e47364bf92f3577b34da6';
      const headers = { traceparent: `00-${other}-00f067aa0ba902b7-01` };

      await context.with(contextWithTrace('4bf92f3577b34da6a3ce929d0e0e4736'), async () => {
        await sut.publishUnvalidated(Events.SeminarLive, seminarLive(), { headers });
        await sut.publishUnvalidated(Events.SeminarLive, seminarLive());
      });
      await sut.waitForIdle();

      expect(seen).toEqual([other, undefined]);
    });
  });
});
