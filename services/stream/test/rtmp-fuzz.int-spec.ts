// RTMP fuzzing against the real ingest, in this process. A legitimate ffmpeg presenter streams over
// RTMPS and a viewer records arrivals; meanwhile fast-check generates RTMP conversations (a handshake,
// then chunked messages: AMF0 commands with hostile values, control messages, media tags, huge chunk
// sizes and announced lengths, out-of-order commands, truncated chunks, random bytes) and sends each
// over its own RTMPS connection. Fails on any uncaught exception in this process, on the presenter
// being dropped (its ffmpeg exiting early, the stream ending), on the viewer stalling (> 3 s without
// media) and on the process growing by more than 300 MiB (RSS, and allocated buffers).
import { KeySet } from '@webinar/security';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tapFlv } from '../src/ingest/broadcasts';
import { IngestServer } from '../src/ingest/ingest-server';
import { RevokedStreamKeys } from '../src/ingest/revoked-stream-keys';
import { StreamKeyVerifier } from '../src/ingest/stream-key-verifier';
import { publish, type Publisher, signStreamKey, sleep, tlsMaterial, until } from './support/media-fixtures';
import { type Amf, command, EcmaArray, exchange, handshake, LongString, message, RawAmf, type Target, TYPE } from './support/rtmp-wire';

const MiB = 1024 * 1024;
const RUNS = 300;
const SEED = 20_261_202;
const CASE_TIMEOUT_MS = 150;

const bytes = (max: number): fc.Arbitrary<Buffer> => fc.uint8Array({ maxLength: max }).map((a) => Buffer.from(a));

const hostileString = fc.oneof(
  fc.constantFrom('', 'not a url', 'live', 'rtmp://', 'rtmps://127.0.0.1/live', 'http://x/', 'rtmp://[::1', '../../etc', 'a?key=', '\u0000', '🎥'),
  fc.string({ maxLength: 40 }),
  fc.integer({ min: 60_000, max: 70_000 }).map((n) => 'x'.repeat(n)), // crosses the 64 KiB short-string limit
);
const hostileNumber = fc.oneof(fc.constantFrom(NaN, -1, 0, -0, 1e308, -Infinity, Infinity, 2 ** 53, 4.5), fc.double());

const { value: hostileValue } = fc.letrec<{ value: Amf }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    hostileString.map((s) => new LongString(s)),
    bytes(12).map((b) => new RawAmf(b)), // truncated values, unknown type markers
    fc.dictionary(hostileString.filter((s) => s.length < 100), tie('value'), { maxKeys: 4 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 3 }).map((o) => new EcmaArray(o)),
    fc.array(tie('value'), { maxLength: 4 }),
  ),
}));

const commandName = fc.oneof(
  fc.constantFrom('connect', 'createStream', 'publish', 'play', 'deleteStream', 'releaseStream', 'FCPublish', 'FCUnpublish', 'play2', 'close', '_checkbw', 'getStreamLength'),
  hostileString,
);

const connectObject: fc.Arbitrary<Amf> = fc.record({
  app: fc.oneof(fc.constant<Amf>('live'), hostileValue),
  tcUrl: fc.oneof(fc.constant<Amf>('rtmps://127.0.0.1/live'), hostileValue),
  flashVer: fc.oneof(fc.constant<Amf>('FMLE/3.0'), hostileValue),
  objectEncoding: fc.oneof(fc.constant<Amf>(0), hostileValue),
}, { requiredKeys: [] });

/** A message, as the bytes to send (the sender's chunking may disagree with the server's). */
const rtmpMessage: fc.Arbitrary<Buffer> = fc.oneof(
  // Commands: known and unknown names, hostile transaction ids, command objects and arguments.
  fc
    .tuple(commandName, fc.oneof(hostileNumber, hostileValue), fc.oneof(connectObject, hostileValue), fc.array(hostileValue, { maxLength: 3 }), fc.constantFrom(20, 17))
    .map(([name, transId, cmdObj, args, type]) =>
      message({ type, payload: Buffer.concat([type === 17 ? Buffer.from([0]) : Buffer.alloc(0), command(name, transId, cmdObj, ...args)]) }),
    ),
  // A well-formed connect with a hostile tcUrl / app.
  connectObject.map((cmdObj) => message({ type: TYPE.command, payload: command('connect', 1, cmdObj) })),
  // A well-formed publish or play with a hostile stream name.
  fc.tuple(fc.constantFrom('publish', 'play'), hostileValue).map(([name, stream]) => message({ type: TYPE.command, streamId: 1, payload: command(name, 4, null, stream, 'live') })),
  // Protocol control with short, long or extreme payloads (chunk sizes 0, 2^31, 2^32-1).
  fc
    .tuple(fc.integer({ min: 1, max: 6 }), fc.oneof(bytes(8), fc.constantFrom(0, 1, 127, 0x7fffffff, 0x80000000, 0xffffffff).map((n) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]))))
    .map(([type, payload]) => message({ type, cid: 2, payload })),
  // Media and data tags, including empty and AMF0 data with hostile values.
  fc.tuple(fc.constantFrom(8, 9, 15, 18, 22, 16, 19), bytes(64)).map(([type, payload]) => message({ type, cid: 6, streamId: 1, payload })),
  fc.array(hostileValue, { maxLength: 3 }).map((values) => message({ type: TYPE.data, cid: 6, streamId: 1, payload: command('@setDataFrame', ...values) })),
  // Huge announced lengths on any chunk stream, with a short (truncated) payload.
  fc
    .tuple(fc.integer({ min: 2, max: 65_599 }), fc.integer({ min: 0, max: 0xffffff }), fc.integer({ min: 0, max: 255 }), bytes(300))
    .map(([cid, announcedLength, type, payload]) => message({ cid, type, announcedLength, payload })),
  // Raw random bytes.
  bytes(2048),
);

/** The valid opening messages a real encoder sends, so that later messages reach deeper states. */
const opening = fc.constantFrom<Buffer[]>(
  [],
  [message({ type: TYPE.command, payload: command('connect', 1, { app: 'live', tcUrl: 'rtmps://127.0.0.1/live' }) })],
  [
    message({ type: TYPE.command, payload: command('connect', 1, { app: 'live', tcUrl: 'rtmps://127.0.0.1/live' }) }),
    message({ type: TYPE.command, payload: command('createStream', 2, null) }),
    message({ type: TYPE.command, streamId: 1, payload: command('publish', 4, null, `${randomUUID()}?key=not-a-key`, 'live') }),
  ],
);

const conversation = fc
  .record({
    prelude: fc.oneof({ weight: 4, arbitrary: fc.constant('handshake' as const) }, fc.constant('truncated' as const), fc.constant('none' as const)),
    opening,
    messages: fc.array(rtmpMessage, { minLength: 1, maxLength: 5 }),
    /** Bytes cut off the end (a truncated chunk). */
    cut: fc.nat({ max: 64 }),
  })
  .map(({ prelude, opening: first, messages, cut }) => {
    const hello = prelude === 'handshake' ? handshake() : prelude === 'truncated' ? handshake().subarray(0, 1000) : Buffer.alloc(0);
    const all = Buffer.concat([hello, ...first, ...messages]);
    return all.subarray(0, Math.max(1, all.length - cut));
  });

describe('RTMP fuzzing (fast-check against the real ingest, a live presenter and viewer)', () => {
  jest.setTimeout(90_000);

  it(`survives ${RUNS} generated conversations without a crash, a dropped presenter or a stalled viewer`, async () => {
    const uncaught: unknown[] = [];
    const recordUncaught = (error: unknown): void => {
      uncaught.push(error);
    };
    process.on('uncaughtException', recordUncaught);
    const dir = mkdtempSync(join(tmpdir(), 'rtmp-fuzz-'));
    const keys = await KeySet.generate({ use: 'sig' });
    const revokedKeys = new RevokedStreamKeys();
    const started: string[] = [];
    const ended: string[] = [];
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const ingest = new IngestServer({
      tls: await tlsMaterial(dir),
      host: '127.0.0.1',
      rtmpsPort: 0,
      verifier: new StreamKeyVerifier(keys, revokedKeys),
      revokedKeys,
      logger: quiet,
      // A dropped presenter ends the stream quickly, so the run sees it.
      reconnectGraceMs: 1_000,
      onStreamStarted: (id) => started.push(id),
      onStreamEnded: (id) => ended.push(id),
    });
    await ingest.start();
    let presenter: Publisher | undefined;
    try {
      const seminarId = randomUUID();
      const port = ingest.rtmpsAddress.port;
      const key = await signStreamKey(keys, { seminarId });
      presenter = publish({ url: `rtmps://127.0.0.1:${port}/live/${seminarId}?key=${key}`, seconds: 600, marker: 'PRESENTER' }); // stopped in finally; never ends on its own mid-run
      let presenterExit: number | null | 'running' = 'running';
      void presenter.exited.then((code) => (presenterExit = code));
      await until(() => started.includes(seminarId), 15_000, 'the presenter to go live');
      const arrivals: number[] = [];
      tapFlv(seminarId, { write: () => arrivals.push(Date.now()), end: () => undefined });
      await sleep(1_000);

      const target: Target = { port, tls: true };
      const outcomes = { closed: 0, timeout: 0 };
      let sent = 0;
      const before = process.memoryUsage();
      const t0 = Date.now();
      await fc.assert(
        fc.asyncProperty(conversation, async (bytesToSend) => {
          const result = await exchange(target, bytesToSend, CASE_TIMEOUT_MS);
          sent += 1;
          outcomes[result.outcome] += 1;
          if (uncaught.length > 0) throw uncaught[0];
          if (presenterExit !== 'running' || ended.length > 0) throw new Error('the presenter was dropped');
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: true },
      );
      const t1 = Date.now();
      await sleep(500);
      const after = process.memoryUsage();
      const times = [t0, ...arrivals.filter((t) => t > t0), Date.now()];
      const longestGap = Math.max(...times.slice(1).map((t, i) => t - times[i]!));
      console.log(
        `rtmp fuzz: ${sent} generated conversations in ${((t1 - t0) / 1000).toFixed(1)} s (seed ${SEED}): ` +
          `${outcomes.closed} closed by the server, ${outcomes.timeout} still open after ${CASE_TIMEOUT_MS} ms; ` +
          `viewer's longest gap ${longestGap} ms; rss ${(before.rss / MiB).toFixed(0)} -> ${(after.rss / MiB).toFixed(0)} MiB, ` +
          `buffers ${(before.arrayBuffers / MiB).toFixed(0)} -> ${(after.arrayBuffers / MiB).toFixed(0)} MiB`,
      );
      expect(sent).toBe(RUNS);
      expect(uncaught).toEqual([]);
      expect(presenterExit).toBe('running');
      expect(ended).toEqual([]);
      expect(started).toEqual([seminarId]); // no generated publish went live (none had a valid key)
      expect(longestGap).toBeLessThan(3_000);
      expect(after.rss - before.rss).toBeLessThan(300 * MiB);
      // Allocated but untouched (zero-filled) buffers do not show in RSS; they count here.
      expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(300 * MiB);
    } finally {
      await presenter?.stop();
      await ingest.stop();
      process.off('uncaughtException', recordUncaught);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
