import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('HlsRemuxer', () => {
  let dir: string;
  const fakeFfmpeg = (name: string, body: string): string => {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'remuxer-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('remuxes only (-c copy) to 1 s HLS segments with atomic writes, deletion and a read timeout', () => {
    const args = remuxArguments({ inputUrl: 'rtmp://127.0.0.1:1/live/x', outputDir: '/out' }).join(' ');
    expect(args).toContain('-c copy');
    expect(args).not.toMatch(/libx264|-c:v/);
    expect(args).toContain('-hls_time 1');
    expect(args).toContain('-hls_flags delete_segments+temp_file+independent_segments');
    expect(args).toContain('-rw_timeout 5000000 -i rtmp://127.0.0.1:1/live/x');
  });

  it('restarts a crashing ffmpeg with a growing backoff', async () => {
    const sut = new HlsRemuxer({
      ffmpegPath: fakeFfmpeg('crash.sh', 'exit 1'),
      inputUrl: 'rtmp://x',
      outputDir: join(dir, 'out'),
      logger,
      backoffMs: 40,
    });
    sut.start();
    await sleep(600);
    await sut.stop();
    // 40 + 80 + 160 + 320 ms: four restarts at most in 600 ms, and at least three.
    expect(sut.restartCount).toBeGreaterThanOrEqual(3);
    expect(sut.restartCount).toBeLessThanOrEqual(4);
    const after = sut.restartCount;
    await sleep(200);
    expect(sut.restartCount).toBe(after); // stopped means no more restarts
  });

  it('stops ffmpeg at stream end, with SIGKILL when it ignores SIGTERM', async () => {
    const sut = new HlsRemuxer({
      ffmpegPath: fakeFfmpeg('stubborn.sh', "trap '' TERM\nexec sleep 30"),
      inputUrl: 'rtmp://x',
      outputDir: join(dir, 'out'),
      logger,
      stopGraceMs: 200,
    });
    sut.start();
    await sleep(100);
    const pid = sut.pid;
    expect(alive(pid)).toBe(true);
    await sut.stop();
    expect(sut.running).toBe(false);
    expect(alive(pid)).toBe(false);
  });
});
