// The bus over IPC, both ends in this process: the channel pair below behaves like Node's fork()
// channel with `serialization: 'json'` (asynchronous, JSON round trip, a disconnect event on both
// sides). The real channel between real processes is exercised by the standalone's process tests.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Events, type EventPayload } from '@webinar/contracts';
import { InProcessBus } from '../in-process/in-process-bus';
import type { Envelope } from '../envelope';
import { IpcBusBridge } from './ipc-bridge';
import { IpcBus } from './ipc-bus';
import type { IpcChannel } from './ipc-frames';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function channelPair(): { parent: IpcChannel; child: IpcChannel; disconnect: () => void; childInbox: EventEmitter; parentInbox: EventEmitter } {
  const toParent = new EventEmitter();
  const toChild = new EventEmitter();
  let connected = true;
  const end = (inbox: EventEmitter, outbox: EventEmitter): IpcChannel => ({
    send: (frame) => {
      if (!connected) throw new Error('channel closed');
      const copy: unknown = JSON.parse(JSON.stringify(frame));
      setImmediate(() => outbox.emit('message', copy));
    },
    onMessage: (listener) => {
      inbox.on('message', listener);
      return () => void inbox.off('message', listener);
    },
    onClose: (listener) => {
      inbox.on('disconnect', listener);
      return () => void inbox.off('disconnect', listener);
    },
  });
  return {
    parent: end(toParent, toChild),
    child: end(toChild, toParent),
    disconnect: () => {
      connected = false;
      toParent.emit('disconnect');
      toChild.emit('disconnect');
    },
    childInbox: toChild,
    parentInbox: toParent,
  };
}

const ended = (): EventPayload<typeof Events.StreamEnded> => ({
  seminarId: randomUUID(),
  companyId: randomUUID(),
  streamId: randomUUID(),
  endedAt: new Date().toISOString(),
  reason: 'test',
});

describe('a MessageBus over an IPC channel', () => {
  let bus: InProcessBus;

  beforeEach(() => {
    bus = new InProcessBus({ logger: silent, redeliveryDelayMs: 1 });
  });
  afterEach(async () => bus.close());

  it("publishes from the child into the parent's bus", async () => {
    const pair = channelPair();
    new IpcBusBridge(bus, pair.parent, silent);
    const child = new IpcBus(pair.child, silent);
    const seen: Envelope[] = [];
    await bus.subscribe({ queue: 'cms.test', events: [Events.StreamEnded] }, async (m) => void seen.push(m));

    const payload = ended();
    await child.publish(Events.StreamEnded, payload);
    await bus.waitForIdle();

    expect(seen.map((m) => m.payload)).toEqual([payload]);
  });

  it("refuses a publish whose envelope the catalogue's schemas refuse, and lets nothing through", async () => {
    const pair = channelPair();
    new IpcBusBridge(bus, pair.parent, silent);
    const seen: Envelope[] = [];
    await bus.subscribe({ queue: 'cms.test', events: [Events.StreamEnded] }, async (m) => void seen.push(m));
    const replies: unknown[] = [];
    pair.childInbox.on('message', (frame: unknown) => replies.push(frame));

    // What a misbehaving child could write on the channel: a valid frame around an invalid payload.
    pair.child.send({
      kind: 'bus',
      op: 'publish',
      ref: 7,
      envelope: { id: randomUUID(), name: Events.StreamEnded, occurredAt: new Date().toISOString(), payload: { seminarId: 'x' }, headers: {} },
    });
    await waitUntil(() => replies.length > 0);
    await bus.waitForIdle();

    expect(replies).toEqual([expect.objectContaining({ op: 'reply', ref: 7, ok: false, code: 'INVALID_PAYLOAD' })]);
    expect(seen).toEqual([]);
  });

  it('refuses, in the child, a delivery whose payload the schemas refuse: its handler never runs', async () => {
    const pair = channelPair();
    const child = new IpcBus(pair.child, silent);
    const handled: unknown[] = [];
    const settled: unknown[] = [];
    pair.parentInbox.on('message', (frame: unknown) => {
      const f = frame as { op?: string; ref?: number };
      // Stands in for the parent: accept the subscription, record the outcome of the delivery.
      if (f.op === 'subscribe') pair.parent.send({ kind: 'bus', op: 'reply', ref: f.ref ?? 0, ok: true });
      if (f.op === 'settled') settled.push(frame);
    });
    await child.subscribe({ queue: 'stream.test', events: [Events.StreamEnded] }, async (m) => void handled.push(m));

    pair.parent.send({
      kind: 'bus',
      op: 'deliver',
      delivery: 3,
      subscription: 0,
      message: { id: randomUUID(), name: Events.StreamEnded, occurredAt: new Date().toISOString(), payload: { seminarId: 42 }, headers: {} },
    });
    await waitUntil(() => settled.length > 0);

    expect(settled).toEqual([expect.objectContaining({ op: 'settled', delivery: 3, ok: false })]);
    expect(handled).toEqual([]);
  });

  it('delivers to a subscription in the child, redelivering what its handler failed', async () => {
    const pair = channelPair();
    new IpcBusBridge(bus, pair.parent, silent);
    const child = new IpcBus(pair.child, silent);
    const attempts: string[] = [];
    await child.subscribe({ queue: 'stream.test', events: [Events.StreamEnded] }, async (m) => {
      attempts.push(m.payload.seminarId);
      if (attempts.length === 1) throw new Error('first attempt fails');
    });

    const payload = ended();
    await bus.publish(Events.StreamEnded, payload);
    await waitUntil(() => attempts.length === 2);
    await bus.waitForIdle();

    expect(attempts).toEqual([payload.seminarId, payload.seminarId]);
    expect(bus.deadLetters).toEqual([]);
  });

  it("keeps what arrives while the child is gone for the child that replaces it", async () => {
    const first = channelPair();
    new IpcBusBridge(bus, first.parent, silent);
    const dead = new IpcBus(first.child, silent);
    await dead.subscribe({ queue: 'stream.test', events: [Events.StreamEnded] }, async () => undefined);
    first.disconnect();
    await waitUntil(() => true);

    const payload = ended();
    await bus.publish(Events.StreamEnded, payload);

    const second = channelPair();
    new IpcBusBridge(bus, second.parent, silent);
    const replacement = new IpcBus(second.child, silent);
    const seen: string[] = [];
    await replacement.subscribe({ queue: 'stream.test', events: [Events.StreamEnded] }, async (m) => void seen.push(m.payload.seminarId));
    await waitUntil(() => seen.length === 1);

    expect(seen).toEqual([payload.seminarId]);
    await expect(dead.publish(Events.StreamEnded, ended())).rejects.toMatchObject({ code: 'BROKER_UNAVAILABLE' });
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000; i += 1) {
    await new Promise((done) => setTimeout(done, 5));
    if (condition()) return;
  }
  throw new Error('condition not reached');
}
