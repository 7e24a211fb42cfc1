// Regression tests for the malformed RTMP messages an outside attack run used to crash the ingest
// with (node-media-server's parser threw inside the socket's 'data' handler and the process exited),
// and for the memory attacks before authentication. The ingest runs in this process: an uncaught
// exception is recorded and fails the suite. A real presenter is live throughout with a viewer
// attached; each attack must close only the attacker's connection, and the ingest must go on
// accepting new publishes.
import { KeySet } from '@webinar/security';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tapFlv } from '../src/ingest/broadcasts';
import { IngestServer } from '../src/ingest/ingest-server';
import { RevokedStreamKeys } from '../src/ingest/revoked-stream-keys';
import { StreamKeyVerifier } from '../src/ingest/stream-key-verifier';
import { FFMPEG, publish, type Publisher, signStreamKey, sleep, tlsMaterial, until } from './support/media-fixtures';
import {
  command,
  connectCommand,
  createStreamCommand,
  exchange,
  handshake,
  message,
  open,
  publishByHand,
  publishCommand,
  TYPE,
  type Target,
} from './support/rtmp-wire';

const MiB = 1024 * 1024;
const PUBLISH_DEADLINE_MS = 2_000;

describe('malformed RTMP against the ingest', () => {
  jest.setTimeout(60_000);
  const uncaught: unknown[] = [];
  const recordUncaught = (error: unknown): void => {
    uncaught.push(error);
  };
  const refusals: Array<{ reason: string; detail?: string; remote?: string }> = [];
  const logged: string[] = [];
  const logger = {
    info: (obj: object, msg: string) => logged.push(JSON.stringify({ obj, msg })),
    warn: (obj: object, msg: string) => {
      logged.push(JSON.stringify({ obj, msg }));
      if (msg === 'rtmp connection refused') refusals.push(obj as { reason: string });
    },
    error: (obj: object, msg: string) => logged.push(JSON.stringify({ obj, msg })),
  };
  const presenterSeminar = randomUUID();
  const started: string[] = [];
  const ended: string[] = [];
  const arrivals: number[] = [];
  let dir: string;
  let keys: KeySet;
  let ingest: IngestServer;
  let presenter: Publisher;
  let presenterExit: number | null | 'running' = 'running';
  let target: Target;

  beforeAll(async () => {
    process.on('uncaughtException', recordUncaught);
    dir = mkdtempSync(join(tmpdir(), 'ingest-malformed-'));
    keys = await KeySet.generate({ use: 'sig' });
    const revokedKeys = new RevokedStreamKeys();
    ingest = new IngestServer({
      tls: await tlsMaterial(dir),
      host: '127.0.0.1',
      rtmpsPort: 0,
      verifier: new StreamKeyVerifier(keys, revokedKeys),
      revokedKeys,
      logger,
      reconnectGraceMs: 500,
      publishDeadlineMs: PUBLISH_DEADLINE_MS,
      onStreamStarted: (id) => started.push(id),
      onStreamEnded: (id) => ended.push(id),
    });
    await ingest.start();
    target = { port: ingest.rtmpsAddress.port, tls: true };
    const key = await signStreamKey(keys, { seminarId: presenterSeminar });
    presenter = publish({ url: `rtmps://127.0.0.1:${target.port}/live/${presenterSeminar}?key=${key}`, seconds: 45, marker: 'PRESENTER' });
    void presenter.exited.then((code) => (presenterExit = code));
    await until(() => started.includes(presenterSeminar), 15_000, 'the presenter to go live');
    tapFlv(presenterSeminar, { write: () => arrivals.push(Date.now()), end: () => undefined });
  });

  afterAll(async () => {
    await presenter?.stop();
    await ingest?.stop();
    process.off('uncaughtException', recordUncaught);
    rmSync(dir, { recursive: true, force: true });
  });

  /** The longest gap between media arrivals at the viewer since `since`, up to now. */
  const longestGap = (since: number): number => {
    const times = [since, ...arrivals.filter((t) => t > since), Date.now()];
    return Math.max(...times.slice(1).map((t, i) => t - times[i]!));
  };

  /** A new presenter can still go live: a publish with a valid key is authorised. */
  const acceptsNewPublish = async (): Promise<void> => {
    const seminarId = randomUUID();
    const socket = await publishByHand(target, seminarId, await signStreamKey(keys, { seminarId }));
    try {
      await until(() => started.includes(seminarId), 5_000, 'a new publish to be authorised');
    } finally {
      socket.destroy();
    }
  };

  const connect = (): Buffer => connectCommand(`rtmps://127.0.0.1:${target?.port}/live`);
  const next = Buffer.from([0x02]);

  // The seven single messages that crashed node-media-server 4.4.3 after a normal handshake, and
  // the reason the guard refuses each with (its check runs before node-media-server's code). The
  // parser handles a zero-length message only when the next byte arrives: `next` is that byte.
  const cases: Array<[string, () => Buffer[], RegExp]> = [
    ['connect with a tcUrl that is not a URL', () => [connectCommand('not a url')], /tcUrl that is not a URL/],
    ['connect without its command object', () => [message({ type: TYPE.command, payload: command('connect', 1) })], /without its command object/],
    ['set-chunk-size with an empty payload', () => [message({ type: TYPE.setChunkSize, cid: 2, payload: Buffer.alloc(0) }), next], /control message 1 without/],
    ['window-ack-size with an empty payload', () => [message({ type: TYPE.windowAck, cid: 2, payload: Buffer.alloc(0) }), next], /control message 5 without/],
    ['publish whose stream name is a number', () => [connect(), createStreamCommand(), publishCommand(12345)], /publish without a valid stream name/],
    ['play without a stream name', () => [connect(), createStreamCommand(), message({ type: TYPE.command, streamId: 1, payload: command('play', 4, null) })], /play/],
    ['a zero-byte video tag before connect', () => [message({ type: TYPE.video, cid: 6, payload: Buffer.alloc(0) }), next], /media before an authorised publish/],
    // Out of order and out of range.
    ['publish before connect', () => [publishCommand(`${randomUUID()}?key=x`)], /publish before connect/],
    ['a chunk size of 0', () => [message({ type: TYPE.setChunkSize, cid: 2, payload: Buffer.from([0, 0, 0, 0]) })], /chunk size outside/],
    ['a chunk size of 2^31', () => [message({ type: TYPE.setChunkSize, cid: 2, payload: Buffer.from([0x80, 0, 0, 0]) })], /chunk size outside/],
    ['a second connect', () => [connect(), connect()], /second connect/],
    ['a command that is not AMF0', () => [message({ type: TYPE.command, payload: Buffer.from([0x02, 0xff, 0xff, 0x41]) })], /truncated amf0/],
  ];

  it.each(cases)('closes the connection on %s, and the ingest goes on accepting publishes', async (_name, bytes, reason) => {
    const before = refusals.length;
    const result = await exchange(target, [handshake(), ...bytes()], 5_000);
    expect(result.outcome).toBe('closed');
    expect(refusals.slice(before).map((r) => r.reason)).toEqual([expect.stringMatching(reason)]);
    expect(uncaught).toEqual([]);
    await acceptsNewPublish();
  });

  it("closes stock ffmpeg's publish with -rtmp_tcurl 'not a url', and the ingest survives", async () => {
    const seminarId = randomUUID();
    const url = `rtmps://127.0.0.1:${target.port}/live/${seminarId}?key=${await signStreamKey(keys, { seminarId })}`;
    const before = refusals.length;
    const child = spawn(
      FFMPEG,
      ['-hide_banner', '-nostdin', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25', '-t', '5',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-rtmp_tcurl', 'not a url', '-f', 'flv', url],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr.resume();
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      new Promise<number | null>((resolve) => child.once('exit', resolve)),
      new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), 10_000))),
    ]);
    clearTimeout(timer);
    child.kill('SIGKILL');
    expect(code).not.toBe(0);
    expect(code).not.toBe('still running');
    expect(refusals.slice(before).map((r) => r.reason)).toContain('connect with a tcUrl that is not a URL');
    expect(started).not.toContain(seminarId);
    expect(uncaught).toEqual([]);
    await acceptsNewPublish();
  });

  it('closes a connection that has no authorised publish by the deadline', async () => {
    const t0 = Date.now();
    const result = await exchange(target, [handshake(), connect(), createStreamCommand()], PUBLISH_DEADLINE_MS + 5_000);
    expect(result.outcome).toBe('closed');
    expect(result.received).toBeGreaterThan(3073); // it got past the handshake and was answered
    expect(Date.now() - t0).toBeGreaterThanOrEqual(PUBLISH_DEADLINE_MS - 100);
    expect(refusals.at(-1)?.reason).toBe('no authorised publish before the deadline');
  });

  it('survives 16 MiB messages announced on 128 chunk streams and 20 connections of random bytes', async () => {
    const since = Date.now();
    const before = process.memoryUsage();
    // One connection: a 16 MiB video message announced on each of 128 chunk streams (~18 KB sent).
    const announced: Buffer[] = [handshake()];
    for (let cid = 3; cid < 3 + 128; cid++) {
      announced.push(message({ cid, type: TYPE.video, announcedLength: 16 * MiB - 1, payload: randomBytes(128) }));
    }
    // Twenty connections of random bytes, from twenty addresses (the per-address limit does not
    // stop them: the parser's budget has to), 512 KiB each, half of them after a valid handshake.
    const random = Array.from({ length: 20 }, (_, i) =>
      exchange({ ...target, localAddress: `127.0.0.${10 + i}` }, i % 2 ? [handshake(), randomBytes(512 * 1024)] : [randomBytes(512 * 1024)], 8_000),
    );
    const results = await Promise.all([exchange(target, announced, 8_000), ...random]);
    const after = process.memoryUsage();
    console.log(
      `memory attack: rss ${(before.rss / MiB).toFixed(0)} -> ${(after.rss / MiB).toFixed(0)} MiB, ` +
        `buffers ${(before.arrayBuffers / MiB).toFixed(0)} -> ${(after.arrayBuffers / MiB).toFixed(0)} MiB; ` +
        `outcomes ${results.map((r) => r.outcome).join(',')}`,
    );
    expect(results.map((r) => r.outcome)).toEqual(results.map(() => 'closed'));
    // Unbounded, the first connection alone allocates 2 GiB (128 x 16 MiB). Zero-filled pages the
    // parser has not written yet do not count in RSS, so the allocation itself is bounded too.
    expect(after.rss - before.rss).toBeLessThan(150 * MiB);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(64 * MiB);
    await sleep(500);
    expect(longestGap(since)).toBeLessThan(3_000);
    expect(presenterExit).toBe('running');
    expect(ended).not.toContain(presenterSeminar);
    expect(uncaught).toEqual([]);
  });

  it('limits unauthenticated connections per address and in total, and frees the slot of an authorised publish', async () => {
    const revokedKeys = new RevokedStreamKeys();
    const small = new IngestServer({
      tls: await tlsMaterial(dir),
      host: '127.0.0.1',
      rtmpsPort: 0,
      verifier: new StreamKeyVerifier(keys, revokedKeys),
      revokedKeys,
      logger,
      maxUnauthenticatedPerAddress: 3,
      maxUnauthenticated: 5,
      onStreamStarted: (id) => started.push(id),
    });
    await small.start();
    const held: Socket[] = [];
    try {
      const port = small.rtmpsAddress.port;
      /** Opens a connection that completes the handshake and stays; false when the server closes it. */
      const hold = (localAddress: string): Promise<boolean> =>
        new Promise((resolve) => {
          const socket = open({ port, tls: true, localAddress });
          held.push(socket);
          let received = 0;
          socket.on('data', (chunk: Buffer) => {
            received += chunk.length;
            if (received >= 3073) resolve(true); // S0S1S2: the parser is running for it
          });
          socket.once('close', () => resolve(false));
          socket.once('secureConnect', () => socket.write(handshake()));
        });
      const before = refusals.length;
      expect(await Promise.all([hold('127.0.0.2'), hold('127.0.0.2'), hold('127.0.0.2')])).toEqual([true, true, true]);
      expect(await hold('127.0.0.2')).toBe(false);
      expect(await Promise.all([hold('127.0.0.3'), hold('127.0.0.3')])).toEqual([true, true]);
      expect(await hold('127.0.0.4')).toBe(false);
      expect(refusals.slice(before).map((r) => r.reason)).toEqual([
        'too many unauthenticated connections from this address',
        'too many unauthenticated connections',
      ]);
      // Closing one frees its slot.
      held[0]!.destroy();
      await sleep(200);
      expect(await hold('127.0.0.4')).toBe(true);
      // An authorised publisher no longer counts: with the cap full again, free one slot, publish
      // with a valid key through it, and another connection is admitted.
      held[1]!.destroy();
      await sleep(200);
      const seminarId = randomUUID();
      const publisher = await publishByHand({ port, tls: true, localAddress: '127.0.0.5' }, seminarId, await signStreamKey(keys, { seminarId }));
      held.push(publisher);
      await until(() => started.includes(seminarId), 5_000, 'the publish to be authorised');
      expect(await hold('127.0.0.5')).toBe(true);
      expect(uncaught).toEqual([]);
    } finally {
      for (const socket of held) socket.destroy();
      await small.stop();
    }
  });

  it('never logs a stream key, and the presenter stayed live with the viewer receiving throughout', async () => {
    expect(logged.join('\n')).not.toMatch(/key=ey|"key":/);
    expect(presenterExit).toBe('running');
    expect(ended).not.toContain(presenterSeminar);
    expect(arrivals.length).toBeGreaterThan(100);
    expect(Date.now() - arrivals.at(-1)!).toBeLessThan(3_000);
    expect(uncaught).toEqual([]);
  });
});
