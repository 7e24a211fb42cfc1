// Withdrawing a presenter's grant (cms.grant.changed.v1 without "presenter" for the seminar) cuts
// that presenter's live publish within 5 s and refuses their stream key from then on, with a real
// ffmpeg publisher over RTMPS. Other presenters and unrelated grant changes are left alone, and a
// key issued after a new grant works again.
import { Events, type EventName } from '@webinar/contracts';
import { type Envelope, InProcessBus } from '@webinar/messaging';
import { KeySet } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tapFlv } from '../src/ingest/broadcasts';
import { AllInOneNode } from '../src/runtime/all-in-one-node';
import { publish, type Publisher, signStreamKey, sleep, tlsMaterial, until } from './support/media-fixtures';

const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };

describe('presenter grant withdrawal (real ffmpeg over RTMPS)', () => {
  jest.setTimeout(60_000);
  const seminarId = randomUUID();
  const companyId = randomUUID();
  const presenterId = randomUUID();
  let dir: string;
  let keys: KeySet;
  let bus: InProcessBus;
  let runtime: AllInOneNode;
  const publishers: Publisher[] = [];
  const events: Envelope<EventName>[] = [];

  const rtmpsUrl = (key: string): string => `rtmps://127.0.0.1:${runtime.live.ingest.rtmpsAddress.port}/live/${seminarId}?key=${key}`;
  const start = (key: string, seconds: number): Publisher => {
    const publisher = publish({ url: rtmpsUrl(key), seconds, marker: 'PRESENTER' });
    publishers.push(publisher);
    return publisher;
  };
  const grantChanged = (userId: string, roles: string[], seminar: string | null = seminarId) =>
    bus.publish(Events.GrantChanged, { companyId, userId, seminarId: seminar, roles, changedAt: new Date().toISOString() });
  const started = (): number => events.filter((e) => e.name === Events.StreamStarted).length;
  const refusedAsWithdrawn = (): number =>
    silent.warn.mock.calls.filter(([obj]) => (obj as { code?: string }).code === 'STREAM_KEY.GRANT_WITHDRAWN').length;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'grant-withdrawal-'));
    keys = await KeySet.generate({ use: 'sig' });
    bus = new InProcessBus({ logger: silent });
    await bus.subscribe({ queue: 'test.observer', events: [Events.StreamStarted, Events.StreamEnded] }, async (m) => void events.push(m));
    runtime = new AllInOneNode({
      dataDir: dir,
      keys,
      tls: await tlsMaterial(dir),
      ingest: { host: '127.0.0.1', rtmpsPort: 0, reconnectGraceMs: 1_000 },
      instanceId: `grant-withdrawal-${randomUUID()}`,
      logger: silent,
      bus,
    });
    await runtime.start();
  });

  afterAll(async () => {
    for (const publisher of publishers) await publisher.stop();
    await runtime?.stop();
    await bus?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('cuts the live publisher within 5 s, refuses its key from then on, and accepts a key issued later', async () => {
    const key = await signStreamKey(keys, { seminarId, companyId, presenterId });
    const live = start(key, 40);
    await until(() => started() === 1, 15_000, 'the stream to start');
    let received = 0;
    const tap = tapFlv(seminarId, { write: (chunk) => void (received += chunk.length), end: () => undefined });

    // Changes that do not withdraw this presenter's grant leave the publish alone.
    await grantChanged(randomUUID(), []); // another user lost a grant
    await grantChanged(presenterId, ['moderator', 'presenter']); // a grant given, presenter kept
    await grantChanged(presenterId, [], randomUUID()); // another seminar
    await bus.waitForIdle();
    const before = received;
    await until(() => received > before + 20_000, 10_000, 'the publisher to keep streaming');
    expect(live.process.exitCode).toBeNull();

    const t0 = Date.now();
    await grantChanged(presenterId, ['moderator']);
    const code = await Promise.race([live.exited, sleep(5_000).then(() => 'still publishing')]);
    expect(code).not.toBe('still publishing');
    expect(Date.now() - t0).toBeLessThan(5_000);
    tap?.detach();

    // The same key again (from the same address, within the reconnect window): refused.
    const again = start(key, 5);
    expect(await again.exited).not.toBe(0);
    expect(refusedAsWithdrawn()).toBe(1);
    await until(() => events.some((e) => e.name === Events.StreamEnded), 10_000, 'the stream to end after the grace window');

    // A new grant and a key issued after the withdrawal (iat has a one-second resolution).
    await sleep(1_100);
    const fresh = start(await signStreamKey(keys, { seminarId, companyId, presenterId }), 3);
    await until(() => started() === 2, 15_000, 'a key issued after the withdrawal to go live');
    expect(await fresh.exited).toBe(0);
    expect(refusedAsWithdrawn()).toBe(1);
  });
});
