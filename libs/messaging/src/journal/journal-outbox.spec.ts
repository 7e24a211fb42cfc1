import { type EventName, type EventPayload, Events } from '@webinar/contracts';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessagingError } from '../errors';
import type { MessageBus, Subscription } from '../message-bus';
import { JournalOutbox } from './journal-outbox';

const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };

interface Sent {
  id: string | undefined;
  name: EventName;
  seminarId: string;
}

/** A broker that is down while `down` is true (publish rejects), and records what it confirmed. */
class FlakyBus implements MessageBus {
  down = false;
  readonly confirmed: Sent[] = [];

  async publish<N extends EventName>(name: N, payload: EventPayload<N>, opts?: { id?: string }): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.down) throw new MessagingError('BROKER_UNAVAILABLE', 'broker down');
    this.confirmed.push({ id: opts?.id, name, seminarId: (payload as { seminarId: string }).seminarId });
  }

  publishEnvelope(): Promise<void> {
    throw new Error('not used');
  }

  subscribe(): Promise<Subscription> {
    throw new Error('not used');
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}

function started(seminarId: string): EventPayload<typeof Events.StreamStarted> {
  return { seminarId, companyId: randomUUID(), streamId: randomUUID(), startedAt: new Date().toISOString() };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe('JournalOutbox', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'journal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('publishes every event in the order it was written, keeping its id', async () => {
    const bus = new FlakyBus();
    const sut = JournalOutbox.open({ dir, bus, logger: silent });

    const ids = ['a', 'b', 'c'].map(() => sut.enqueue(Events.StreamStarted, started(randomUUID())).id);

    expect(await sut.flush(5_000)).toBe(true);
    expect(bus.confirmed.map((s) => s.id)).toEqual(ids);
    await sut.close();
  });

  it('keeps events through an outage and sends them, in order, once the broker is back', async () => {
    const bus = new FlakyBus();
    bus.down = true;
    const sut = JournalOutbox.open({ dir, bus, logger: silent, retry: { initialMs: 5, maxMs: 20 } });
    const seminarId = randomUUID();

    const ids = [1, 2, 3, 4].map(() => sut.enqueue(Events.StreamStarted, started(seminarId)).id);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bus.confirmed).toEqual([]);
    expect(sut.pendingCount).toBe(4);
    bus.down = false;

    expect(await sut.flush(5_000)).toBe(true);
    expect(bus.confirmed.map((s) => s.id)).toEqual(ids);
    await sut.close();
  });

  it('writes each event to disk before enqueue returns, and a later run sends what was not confirmed', async () => {
    const bus = new FlakyBus();
    bus.down = true;
    const first = JournalOutbox.open({ dir, bus, logger: silent, retry: { initialMs: 5, maxMs: 20 } });
    const ids = [1, 2].map(() => first.enqueue(Events.StreamStarted, started(randomUUID())).id);
    // The process dies here: no close, no flush. What is on disk is all the next run has.
    const onDisk = readFileSync(join(dir, 'journal.ndjson'), 'utf8');
    await first.close();
    expect(ids.every((id) => onDisk.includes(id))).toBe(true);

    bus.down = false;
    const second = JournalOutbox.open({ dir, bus, logger: silent });
    expect(await second.flush(5_000)).toBe(true);
    expect(bus.confirmed.map((s) => s.id)).toEqual(ids);
    await second.close();

    const third = JournalOutbox.open({ dir, bus, logger: silent });
    expect(third.pendingCount).toBe(0);
    await third.close();
  });

  it('ignores a line torn by a crash mid-write', async () => {
    const bus = new FlakyBus();
    bus.down = true;
    const first = JournalOutbox.open({ dir, bus, logger: silent, retry: { initialMs: 5, maxMs: 20 } });
    const id = first.enqueue(Events.StreamStarted, started(randomUUID())).id;
    await first.close();
    appendFileSync(join(dir, 'journal.ndjson'), '{"e":{"id":"torn');

    bus.down = false;
    const second = JournalOutbox.open({ dir, bus, logger: silent });
    expect(await second.flush(5_000)).toBe(true);
    expect(bus.confirmed.map((s) => s.id)).toEqual([id]);
    await second.close();
  });

  it('refuses an invalid payload at enqueue, so the producer learns at once', () => {
    const sut = JournalOutbox.open({ dir, bus: new FlakyBus(), logger: silent });

    expect(() => sut.enqueue(Events.StreamStarted, { seminarId: 'not-a-uuid' } as never)).toThrow(MessagingError);
    expect(sut.pendingCount).toBe(0);
    return sut.close();
  });

  it('drops, loudly, a journalled event that can never be published instead of blocking the rest', async () => {
    const bus = new FlakyBus();
    const line = JSON.stringify({ e: { id: randomUUID(), name: 'no.such.event.v1', occurredAt: new Date().toISOString(), payload: {}, headers: {} } });
    appendFileSync(join(dir, 'journal.ndjson'), `${line}\n`);
    const publish = bus.publish.bind(bus);
    bus.publish = async (name, payload, opts) => {
      if (String(name) === 'no.such.event.v1') throw new MessagingError('UNKNOWN_EVENT', 'unknown');
      return publish(name, payload, opts);
    };
    const sut = JournalOutbox.open({ dir, bus, logger: silent });

    const id = sut.enqueue(Events.StreamStarted, started(randomUUID())).id;

    await until(() => bus.confirmed.length === 1);
    expect(bus.confirmed[0]?.id).toBe(id);
    expect(silent.error).toHaveBeenCalled();
    await sut.close();
  });

  it('starts a fresh file once everything is confirmed and the journal has grown', async () => {
    const bus = new FlakyBus();
    const sut = JournalOutbox.open({ dir, bus, logger: silent, compactBytes: 2_000 });

    for (let i = 0; i < 20; i++) sut.enqueue(Events.StreamStarted, started(randomUUID()));
    expect(await sut.flush(5_000)).toBe(true);
    sut.enqueue(Events.StreamStarted, started(randomUUID()));
    expect(await sut.flush(5_000)).toBe(true);

    await until(() => statSync(join(dir, 'journal.ndjson')).size < 2_000);
    expect(bus.confirmed).toHaveLength(21);
    await sut.close();
  });
});
