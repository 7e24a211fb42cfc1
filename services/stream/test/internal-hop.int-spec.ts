// The hop from the ingest to the HLS remuxer is no address another process could reach: a real ffmpeg
// presenter publishes over RTMPS to the real AllInOneNode, whose remuxer (real ffmpeg) is fed the
// broadcast's FLV on its stdin. The process listens on the RTMPS port only (read from /proc, so a
// listener opened by any component would show), the remuxer holds no TCP/UDP or named socket, a plain
// RTMP player on this host gets nothing, and a remuxer killed with SIGKILL is restarted and the
// segments continue. At stream end the remuxer's input ends and ffmpeg closes the playlist itself.
import { InProcessBus } from '@webinar/messaging';
import { KeySet } from '@webinar/security';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AllInOneNode } from '../src/runtime/all-in-one-node';
import { FFMPEG, publish, type Publisher, signStreamKey, tlsMaterial, until } from './support/media-fixtures';

const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };

/** Socket inodes held by process `pid` (its /proc/<pid>/fd links of the form socket:[inode]). */
function socketInodes(pid: number | 'self'): Set<string> {
  const inodes = new Set<string>();
  const fdDir = `/proc/${pid}/fd`;
  for (const fd of readdirSync(fdDir)) {
    let target: string;
    try {
      target = readlinkSync(join(fdDir, fd));
    } catch {
      continue; // closed meanwhile
    }
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match?.[1]) inodes.add(match[1]);
  }
  return inodes;
}

/** Inodes of every TCP and UDP socket on this host (IPv4 and IPv6). */
function internetSocketInodes(): string[] {
  const inodes: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6', '/proc/net/udp', '/proc/net/udp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const inode = line.trim().split(/\s+/)[9];
      if (inode) inodes.push(inode);
    }
  }
  return inodes;
}

/** Whether `inode` is a unix socket without a name (a socketpair: only its two holders reach it). */
function anonymousUnixSocket(inode: string): boolean {
  for (const line of readFileSync('/proc/net/unix', 'utf8').split('\n').slice(1)) {
    // Num RefCount Protocol Flags Type St Inode [Path]
    const fields = line.trim().split(/\s+/);
    if (fields[6] === inode) return fields[7] === undefined;
  }
  return false;
}

/** The TCP ports (IPv4 and IPv6) this process listens on, from /proc/net/tcp{,6} and its own fds. */
function listeningPorts(): number[] {
  const mine = socketInodes('self');
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      const [, local, , state, , , , , , inode] = fields;
      if (state !== '0A' || !local || !inode || !mine.has(inode)) continue; // 0A = LISTEN
      ports.push(Number.parseInt(local.split(':').at(-1) ?? '', 16));
    }
  }
  return ports.sort((a, b) => a - b);
}

/** A plain RTMP player on this host: what it receives from `url` within a few seconds. */
async function playPlainRtmp(url: string, dir: string): Promise<{ code: number | null; bytes: number }> {
  const out = join(dir, `played-${randomUUID()}.flv`);
  const child = spawn(
    FFMPEG,
    ['-hide_banner', '-nostdin', '-loglevel', 'error', '-rw_timeout', '3000000', '-i', url, '-t', '2', '-c', 'copy', '-f', 'flv', out],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, bytes: existsSync(out) ? statSync(out).size : 0 };
}

const segmentNumbers = (playlist: string): number[] =>
  playlist
    .split('\n')
    .map((line) => /^seg_(\d+)\.ts$/.exec(line)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);

describe('the ingest → remuxer hop (real ffmpeg presenter and remuxer, real AllInOneNode)', () => {
  jest.setTimeout(90_000);
  const seminarId = randomUUID();
  let dir: string;
  let keys: KeySet;
  let bus: InProcessBus;
  let runtime: AllInOneNode;
  let presenter: Publisher | undefined;
  const playlistFile = (): string => join(runtime.live.remuxers.outputDir(seminarId), 'index.m3u8');
  const playlist = (): string => (existsSync(playlistFile()) ? readFileSync(playlistFile(), 'utf8') : '');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'internal-hop-'));
    keys = await KeySet.generate({ use: 'sig' });
    bus = new InProcessBus({ logger: silent });
    runtime = new AllInOneNode({
      dataDir: dir,
      keys,
      tls: await tlsMaterial(dir),
      ingest: { host: '127.0.0.1', rtmpsPort: 0, reconnectGraceMs: 1_000 },
      ffmpegPath: FFMPEG,
      instanceId: `internal-hop-${randomUUID()}`,
      logger: silent,
      bus,
    });
    await runtime.start();
    const key = await signStreamKey(keys, { seminarId });
    presenter = publish({
      url: `rtmps://127.0.0.1:${runtime.live.ingest.rtmpsAddress.port}/live/${seminarId}?key=${key}`,
      seconds: 16,
      marker: 'PRESENTER',
    });
    await until(() => runtime.live.isLive(seminarId), 15_000, 'the stream to start');
  });

  afterAll(async () => {
    await presenter?.stop();
    await runtime?.stop();
    await bus?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('produces HLS segments from a remuxer fed over its stdin only', async () => {
    await until(() => segmentNumbers(playlist()).length >= 2, 20_000, 'a playlist with two segments');
    const segments = readdirSync(runtime.live.remuxers.outputDir(seminarId)).filter((name) => /^seg_\d+\.ts$/.test(name));
    expect(segments.length).toBeGreaterThanOrEqual(2);
    const remuxer = runtime.live.remuxers.get(seminarId);
    expect(remuxer?.running).toBe(true);
    // Its stdin and stderr come from this process: Node's stdio "pipes" are anonymous socketpairs, which
    // no other process can connect to (no address, no path). It holds no other socket (TCP, UDP, named).
    const inodes = socketInodes(remuxer?.pid as number);
    expect(readlinkSync(`/proc/${remuxer?.pid}/fd/0`)).toMatch(/^socket:\[\d+\]$/);
    expect([...inodes].map((inode) => anonymousUnixSocket(inode))).toEqual([...inodes].map(() => true));
    expect(internetSocketInodes().filter((inode) => inodes.has(inode))).toEqual([]);
  });

  it('listens on the RTMPS port only, and a plain RTMP player on this host gets nothing', async () => {
    const rtmpsPort = runtime.live.ingest.rtmpsAddress.port;
    expect(listeningPorts()).toEqual([rtmpsPort]);
    // Every port this process listens on, tried the way the old loopback hop was played.
    for (const port of listeningPorts()) {
      const played = await playPlainRtmp(`rtmp://127.0.0.1:${port}/live/${seminarId}`, dir);
      expect(played.code).not.toBe(0);
      expect(played.bytes).toBe(0);
    }
    expect(runtime.live.isLive(seminarId)).toBe(true); // the attempts did not disturb the stream
  });

  it('restarts a remuxer whose ffmpeg is killed with SIGKILL, and the segments continue', async () => {
    const remuxer = runtime.live.remuxers.get(seminarId);
    const killed = remuxer?.pid as number;
    const before = Math.max(...segmentNumbers(playlist()));
    process.kill(killed, 'SIGKILL');
    await until(() => remuxer?.running === true && remuxer.pid !== killed, 10_000, 'a new remuxer ffmpeg');
    expect(remuxer?.restartCount).toBe(1);
    // Two segments newer than any before the kill: the new run got the sequence headers and a keyframe.
    await until(() => segmentNumbers(playlist()).filter((n) => n > before).length >= 2, 20_000, 'new segments after the restart');
    const newest = Math.max(...segmentNumbers(playlist()));
    const segment = readFileSync(join(runtime.live.remuxers.outputDir(seminarId), `seg_${newest}.ts`));
    expect(segment.length).toBeGreaterThan(1_000);
    expect(segment[0]).toBe(0x47); // MPEG-TS sync byte
  });

  it('ends the remuxer with the stream: its input ends and ffmpeg writes the final playlist', async () => {
    const remuxer = runtime.live.remuxers.get(seminarId);
    const pid = remuxer?.pid as number;
    await presenter?.stop();
    await until(() => !runtime.live.isLive(seminarId), 15_000, 'the stream to end after the grace window');
    await until(() => remuxer?.running === false, 10_000, 'the remuxer to end');
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    expect(playlist()).toContain('#EXT-X-ENDLIST');
    expect(listeningPorts()).toEqual([runtime.live.ingest.rtmpsAddress.port]);
  });
});
