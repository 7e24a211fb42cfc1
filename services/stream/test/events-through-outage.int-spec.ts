// The media tier's lifecycle and viewer events survive a broker outage: the stream service runs as
// its own process (role `all`) with the real RabbitMQ; RabbitMQ's application is stopped the way an
// operator would (`rabbitmqctl stop_app`) for 30 s while a presenter goes live with real ffmpeg and
// viewers come and go over HTTPS; after it is back, the consumer (cms's queue stands in) has every
// stream and viewer event, each id once after de-duplication (as cms's inbox does), in order per
// seminar. Without the journal the events published during the outage are lost and this fails.
import { type EventName, Events } from '@webinar/contracts';
import { AmqpBus, type Envelope } from '@webinar/messaging';
import { KeySet } from '@webinar/security';
import { infraRequired, startRabbitApp, stopAllProcesses, stopRabbitApp, testAmqpUrl, waitFor } from '@webinar/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpsGet } from './support/https-client';
import { publish, type Publisher, signPlaybackToken, signStreamKey, sleep, tlsMaterial } from './support/media-fixtures';
import { launchNode, serveJwks, type StreamNode } from './support/stream-nodes';

const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
const OUTAGE_MS = 30_000;
const WATCHED: EventName[] = [Events.StreamStarted, Events.StreamEnded, Events.ViewerJoined, Events.ViewerLeft];

describe('stream events through a 30 s broker outage', () => {
  jest.setTimeout(240_000);
  let amqpUrl: string | undefined;
  let dir: string;
  let jwks: Server | undefined;
  let node: StreamNode;
  let keys: KeySet;
  let ca: Buffer;
  let consumerBus: AmqpBus | undefined;
  let presenter: Publisher | undefined;
  let rabbitStopped = false;
  const received: Envelope[] = [];

  beforeAll(async () => {
    amqpUrl = await testAmqpUrl();
    if (!amqpUrl) {
      if (infraRequired()) throw new Error('RabbitMQ is required (REQUIRE_INFRA=1)');
      return;
    }
    dir = mkdtempSync(join(tmpdir(), 'events-outage-'));
    ca = (await tlsMaterial(dir)).cert; // SAN 127.0.0.1, written to <dir>/tls for the node
    keys = await KeySet.generate({ use: 'sig' });
    const served = await serveJwks(keys);
    jwks = served.server;
    consumerBus = await AmqpBus.connect({ url: amqpUrl, logger: silent });
    // One message at a time, so what is recorded is the broker's order, not handlers racing.
    await consumerBus.subscribe({ queue: `test.events-outage.${randomUUID()}`, events: WATCHED, prefetch: 1 }, async (message) => {
      received.push(message);
    });
    node = await launchNode({
      role: 'all',
      instanceId: `outage-${randomUUID().slice(0, 8)}`,
      dir,
      jwksUrl: served.url,
      tlsFiles: { cert: join(dir, 'tls', 'cert.pem'), key: join(dir, 'tls', 'key.pem') },
      ca,
      amqpUrl,
      env: { LOG_LEVEL: 'warn' },
    });
  });

  afterAll(async () => {
    if (rabbitStopped) await startRabbitApp();
    await presenter?.stop();
    await stopAllProcesses();
    await consumerBus?.close();
    await new Promise((r) => (jwks ? jwks.close(r) : r(undefined)));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every lifecycle and viewer event once the broker is back, in order per seminar', async () => {
    if (!amqpUrl) return;
    const seminarId = randomUUID();
    const companyId = randomUUID();

    await stopRabbitApp();
    rabbitStopped = true;
    const outageStarted = Date.now();

    // During the outage: the presenter goes live, two viewers watch and leave, the presenter stops.
    presenter = publish({
      url: `rtmps://127.0.0.1:${node.rtmpsPort}/live/${seminarId}?key=${await signStreamKey(keys, { seminarId, companyId })}`,
      seconds: 12,
      marker: 'OUTAGE',
    });
    const viewers = await Promise.all([1, 2].map(() => signPlaybackToken(keys, { seminarId, companyId })));
    const playlist = (token: string): string => `${node.url}/live/${seminarId}/${token}/index.m3u8`;
    await waitFor('the seminar to play during the outage', async () => ((await httpsGet(playlist(viewers[0] ?? ''), ca)).status === 200 ? true : undefined), {
      timeoutMs: 30_000,
      context: () => node.process.output().slice(-3000),
    });
    for (const token of viewers) await httpsGet(playlist(token), ca);
    await presenter.exited;
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStarted)));

    await startRabbitApp();
    rabbitStopped = false;

    const firstOf = (): Map<string, Envelope> => {
      const byId = new Map<string, Envelope>();
      for (const message of received) if (!byId.has(message.id)) byId.set(message.id, message);
      return byId;
    };
    const ofSeminar = (): Envelope[] =>
      [...firstOf().values()].filter((m) => (m.payload as { seminarId?: string }).seminarId === seminarId);
    // The stream ends after the reconnect grace window, and viewers leave when the stream ends.
    await waitFor('the stream to end and every event to arrive', async () =>
      ofSeminar().some((m) => m.name === Events.StreamEnded) && ofSeminar().filter((m) => m.name === Events.ViewerLeft).length >= 2 ? true : undefined,
    { timeoutMs: 120_000, intervalMs: 500, context: () => `${JSON.stringify(ofSeminar().map((m) => m.name))}\n${node.process.output().slice(-3000)}` });

    const names = ofSeminar().map((m) => m.name);
    expect(names.filter((n) => n === Events.StreamStarted)).toHaveLength(1);
    expect(names.filter((n) => n === Events.StreamEnded)).toHaveLength(1);
    expect(names.filter((n) => n === Events.ViewerJoined)).toHaveLength(2);
    expect(names.filter((n) => n === Events.ViewerLeft)).toHaveLength(2);
    // In order: started first, ended last, each viewer joined before it left.
    expect(names[0]).toBe(Events.StreamStarted);
    expect(names[names.length - 1]).toBe(Events.StreamEnded);
    const order = ofSeminar();
    for (const left of order.filter((m) => m.name === Events.ViewerLeft)) {
      const session = (left.payload as { viewerSessionId: string }).viewerSessionId;
      const joinedAt = order.findIndex((m) => m.name === Events.ViewerJoined && (m.payload as { viewerSessionId: string }).viewerSessionId === session);
      expect(joinedAt).toBeGreaterThanOrEqual(0);
      expect(joinedAt).toBeLessThan(order.indexOf(left));
    }
  });
});
