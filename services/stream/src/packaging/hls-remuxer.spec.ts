import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlvSink, FlvTap } from '../ingest/broadcasts';
import { HlsRemuxer, remuxArguments } from './hls-remuxer';

const logger = { info: jest.fn(), warn: jest.fn() };
const alive = (pid: number | undefined): boolean => {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Stands in for a live broadcast's FLV tap: each attach gets `burst` at once, then what is sent. */
class FakeBroadcast {
  readonly sinks = new Set<FlvSink>();
  attaches = 0;
  live = true;
  constructor(private readonly burst: Buffer = Buffer.from('FLV-HEADER+SEQUENCE-HEADERS+GOP|')) {}

  readonly attach = (sink: FlvSink): FlvTap | undefined => {
    if (!this.live) return undefined;
    this.attaches += 1;
    sink.write(this.burst);
    this.sinks.add(sink);
    return {
      detach: () => {
        if (this.sinks.delete(sink)) sink.end();
      },
    };
  };

  send(chunk: Buffer): void {
    for (const sink of this.sinks) sink.write(chunk);
  }
}

describe('remuxArguments', () => {
  it('reads FLV from stdin and remuxes only (-c copy) to 1 s HLS segments with atomic writes and deletion', () => {
    const args = remuxArguments({ outputDir: '/out' }).join(' ');
    expect(args).toContain('-f flv -i pipe:0 ');
    expect(args).not.toMatch(/rtmp:|-rw_timeout|-listen/); // no socket carries the stream
    expect(args).toContain('-c copy');
    expect(args).not.toMatch(/libx264|-c:v/);
    expect(args).toContain('-hls_time 1');
    expect(args).toContain('-hls_flags delete_segments+temp_file+independent_segments');
    expect(args).toContain('-hls_start_number_source epoch');
    expect(args).toContain('-hls_segment_filename /out/seg_%d.ts /out/index.m3u8');
  });
});

describe('HlsRemuxer', () => {
  let dir: string;
  const fakeFfmpeg = (name: string, body: string): string => {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };
  const remuxer = (ffmpegPath: string, broadcast: FakeBroadcast, extra: Partial<ConstructorParameters<typeof HlsRemuxer>[0]> = {}) =>
    new HlsRemuxer({ ffmpegPath, attach: broadcast.attach, outputDir: join(dir, 'out'), logger, ...extra });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'remuxer-'));
    logger.warn.mockClear();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the tap (initial burst, then every tag) into ffmpeg stdin, and ends stdin at stop so ffmpeg finishes on its own', async () => {
    const got = join(dir, 'stdin.bin');
    const broadcast = new FakeBroadcast();
    const sut = remuxer(fakeFfmpeg('cat.sh', `cat > '${got}'; echo done > '${got}.eof'`), broadcast, { endGraceMs: 5_000 });
    sut.start();
    broadcast.send(Buffer.from('TAG1|'));
    broadcast.send(Buffer.from('TAG2|'));
    await sleep(200);
    const t0 = Date.now();
    await sut.stop();
    expect(Date.now() - t0).toBeLessThan(2_000); // exited at end of input, not by SIGTERM after 5 s
    expect(readFileSync(got, 'utf8')).toBe('FLV-HEADER+SEQUENCE-HEADERS+GOP|TAG1|TAG2|');
    expect(existsSync(`${got}.eof`)).toBe(true);
    expect(broadcast.sinks.size).toBe(0); // detached from the broadcast
    expect(sut.restartCount).toBe(0);
  });

  it('restarts a crashing ffmpeg with a growing backoff, tapping afresh each time', async () => {
    const broadcast = new FakeBroadcast();
    const sut = remuxer(fakeFfmpeg('crash.sh', 'exit 1'), broadcast, { backoffMs: 40 });
    sut.start();
    await sleep(600);
    await sut.stop();
    // 40 + 80 + 160 + 320 ms: four restarts at most in 600 ms, and at least three.
    expect(sut.restartCount).toBeGreaterThanOrEqual(3);
    expect(sut.restartCount).toBeLessThanOrEqual(4);
    // Every run tapped afresh (got the headers and GOP again); the last restart may still have been pending.
    expect(broadcast.attaches).toBeGreaterThanOrEqual(sut.restartCount);
    expect(broadcast.attaches).toBeLessThanOrEqual(sut.restartCount + 1);
    expect(broadcast.sinks.size).toBe(0); // no dead run stays attached
    const after = sut.restartCount;
    await sleep(200);
    expect(sut.restartCount).toBe(after); // stopped means no more restarts
  });

  it('restarts an ffmpeg killed with SIGKILL, and the new one gets the initial burst again', async () => {
    const got = join(dir, 'stdin');
    const broadcast = new FakeBroadcast();
    // Each run writes to its own file (named after its pid).
    const sut = remuxer(fakeFfmpeg('cat.sh', `exec cat > '${got}'.$$`), broadcast, { backoffMs: 20 });
    sut.start();
    await until(() => sut.running, 'ffmpeg to run');
    const first = sut.pid as number;
    broadcast.send(Buffer.from('BEFORE|'));
    process.kill(first, 'SIGKILL');
    await until(() => sut.running && sut.pid !== first, 'a new ffmpeg');
    broadcast.send(Buffer.from('AFTER|'));
    const second = sut.pid as number;
    await sut.stop();
    expect(sut.restartCount).toBe(1);
    expect(readFileSync(`${got}.${second}`, 'utf8')).toBe('FLV-HEADER+SEQUENCE-HEADERS+GOP|AFTER|');
    expect(broadcast.sinks.size).toBe(0);
  });

  it('restarts an ffmpeg that stops reading instead of buffering without bound', async () => {
    const broadcast = new FakeBroadcast();
    const sut = remuxer(fakeFfmpeg('stuck.sh', 'exec sleep 30'), broadcast, { backoffMs: 20, maxBufferedBytes: 256 * 1024 });
    sut.start();
    await until(() => sut.running, 'ffmpeg to run');
    const stuck = sut.pid;
    // Far more than the pipe holds (64 KiB) plus the 256 KiB allowed.
    for (let i = 0; i < 100; i += 1) broadcast.send(Buffer.alloc(16 * 1024));
    await until(() => sut.restartCount === 1 && sut.running, 'the remuxer to be restarted');
    expect(alive(stuck)).toBe(false);
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ limit: expect.any(Number) }), 'ffmpeg remuxer fell behind; restarting it');
    expect(broadcast.sinks.size).toBe(1); // only the new run is attached
    await sut.stop();
  });

  it('ignores EPIPE when ffmpeg dies while the tap writes, and restarts it', async () => {
    const broadcast = new FakeBroadcast();
    const sut = remuxer(fakeFfmpeg('dies.sh', 'exit 3'), broadcast, { backoffMs: 20 });
    sut.start();
    const writer = setInterval(() => broadcast.send(Buffer.alloc(32 * 1024)), 2);
    await sleep(300);
    clearInterval(writer);
    await sut.stop();
    expect(sut.restartCount).toBeGreaterThanOrEqual(1); // and no unhandled 'error' took the test process down
  });

  it('retries briefly when the broadcast is not there yet', async () => {
    const got = join(dir, 'stdin.bin');
    const broadcast = new FakeBroadcast();
    broadcast.live = false;
    const sut = remuxer(fakeFfmpeg('cat.sh', `exec cat > '${got}'`), broadcast, { attachRetryMs: 20 });
    sut.start();
    await sleep(100);
    expect(sut.running).toBe(false);
    broadcast.live = true;
    await until(() => sut.running, 'ffmpeg to start once the broadcast is live');
    expect(sut.restartCount).toBe(0);
    await sut.stop();
    expect(readFileSync(got, 'utf8')).toBe('FLV-HEADER+SEQUENCE-HEADERS+GOP|');
  });

  it('stops ffmpeg at stream end, with SIGTERM and then SIGKILL when it ignores both its input and SIGTERM', async () => {
    const broadcast = new FakeBroadcast();
    const sut = remuxer(fakeFfmpeg('stubborn.sh', "trap '' TERM\nexec sleep 30"), broadcast, { endGraceMs: 100, stopGraceMs: 200 });
    sut.start();
    await sleep(100);
    const pid = sut.pid;
    expect(alive(pid)).toBe(true);
    await sut.stop();
    expect(sut.running).toBe(false);
    expect(alive(pid)).toBe(false);
  });

  it('killNow detaches from the broadcast and kills ffmpeg synchronously', async () => {
    const broadcast = new FakeBroadcast();
    const sut = remuxer(fakeFfmpeg('sleep.sh', 'exec sleep 30'), broadcast);
    sut.start();
    await until(() => sut.running, 'ffmpeg to run');
    const pid = sut.pid;
    sut.killNow();
    expect(broadcast.sinks.size).toBe(0);
    await until(() => !alive(pid), 'ffmpeg to be gone');
    await sleep(100);
    expect(sut.restartCount).toBe(0);
  });
});
