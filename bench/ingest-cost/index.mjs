// ingest-cost: CPU the media tier spends per live stream (RTMPS ingest with the publish guard, one
// `-c copy` HLS remuxer each). N publishers (ffmpeg `-c copy` from a pre-encoded 720p30 2.5 Mb/s clip,
// 1 s keyframes, so the encoders cost nothing) publish at once; the CPU of the media process tree (the
// node processes and the remuxers below them) is read from /proc over the measured windows.
// Shapes (BENCH_SHAPE): `media` (default) is the media tier as deployed: the stream service as its own
// process (role `all`), RabbitMQ, no database (see media-node.mjs). `standalone` is the product's
// process tree (deploy/standalone/dist/main.js, the web tier, idle, and its media child with the remuxers).
// Baselines, same run: the same process idle over a window (subtracted), and the publishers' own CPU
// (the floor of moving the same bytes through TLS).
// Prints: cpu_pct_per_stream=… streams=… remuxers_running=… remuxer_restarts=… playlists=…
//   node_cpu_pct_per_stream=… remuxer_cpu_pct_per_stream=… idle_cpu_pct=… busy_cpu_pct=… publisher_cpu_pct_per_stream=…
//   (per-stream figures: the median over BENCH_REPEAT windows)
// Env: BENCH_STREAMS (default 30), BENCH_WINDOW_S (10), BENCH_REPEAT (3), BENCH_SHAPE (media | standalone),
//      BENCH_NODE_ARGS (extra node flags for the media process), BENCH_AMQP_URL (see media-node.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, httpsStatus, root, sleep, startMediaNode } from './media-node.mjs';

const require = createRequire(import.meta.url);
const { loadOrCreateKeySet, signJwt, TOKEN_TYPES } = require(join(root, 'libs/security/dist/index.js'));
const ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg';
const streams = Number(process.env.BENCH_STREAMS ?? 30);
const windowS = Number(process.env.BENCH_WINDOW_S ?? 10);
const repeat = Number(process.env.BENCH_REPEAT ?? 3);
const shape = process.env.BENCH_SHAPE ?? 'media';
if (!['media', 'standalone'].includes(shape)) throw new Error('BENCH_SHAPE is media or standalone');
const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function cpuTicks(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0;
  }
}
/** The remuxers are ffmpeg processes anywhere below the server (the standalone's are its media child's). */
const isRemuxer = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'ffmpeg';
  } catch {
    return false;
  }
};
const descendantsOf = (pid) => childrenOf(pid).flatMap((child) => [child, ...descendantsOf(child)]);
const childrenOf = (pid) =>
  spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);

/** CPU % of one core used by each group of `groups` (functions listing pids, re-listed at both ends) over the window. */
async function cpuPercent(groups) {
  const before = groups.map((pids) => new Map(pids().map((p) => [p, cpuTicks(p)])));
  const t0 = process.hrtime.bigint();
  await sleep(windowS * 1000);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return groups.map((pids, i) => {
    let used = 0;
    for (const p of pids()) used += cpuTicks(p) - (before[i].get(p) ?? 0);
    return (100 * used) / ticks / seconds;
  });
}

async function startStandalone(dataDir, nodeArgs) {
  const [port, streamPort, rtmpsPort] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'deploy/standalone/dist/main.js')], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), STREAM_PORT: String(streamPort), RTMPS_PORT: String(rtmpsPort), PRINT_BANNER: 'false', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error' },
    stdio: ['ignore', process.env.BENCH_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
  });
  for (let i = 0; (await httpsStatus(streamPort, '/health/ready')) !== 200; i += 1) {
    if (child.exitCode !== null || i > 600) throw new Error('the standalone process did not become ready');
    await sleep(100);
  }
  const keys = await loadOrCreateKeySet({ dir: join(dataDir, 'keys'), name: 'media', use: 'sig' });
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGINT');
    for (let i = 0; child.exitCode === null && i < 50; i += 1) await sleep(100);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  return { child, rtmpsPort, keys, stop };
}

const work = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
const dataDir = join(work, 'data');
const clip = join(work, 'clip.flv');
const publishers = [];
let node;
try {
  const encoded = spawnSync(ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-f', 'lavfi', '-i', 'sine',
    '-t', '20', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-b:v', '2500k', '-c:a', 'aac', '-b:a', '128k', clip,
  ]);
  if (encoded.status !== 0) throw new Error('could not encode the test clip');

  // BENCH_NODE_ARGS: extra node flags for the media process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  node = shape === 'media' ? await startMediaNode({ dataDir, instanceId: 'bench-ingest-cost', nodeArgs }) : await startStandalone(dataDir, nodeArgs);
  const serverPid = node.child.pid;
  const treePids = () => [serverPid, ...descendantsOf(serverPid)];
  const remuxerPids = () => descendantsOf(serverPid).filter(isRemuxer);
  const nodePids = () => treePids().filter((pid) => !isRemuxer(pid));
  await sleep(5000); // let start-up work (migrations, the root link in standalone) finish before the idle baseline
  const [idle] = await cpuPercent([treePids]);

  const seminars = [];
  for (let i = 0; i < streams; i += 1) {
    const seminarId = randomUUID();
    seminars.push(seminarId);
    const key = await signJwt(node.keys, { sem: seminarId, cid: randomUUID() }, {
      typ: TOKEN_TYPES.streamKey, issuer: 'webinar-cms', audience: 'stream', subject: randomUUID(),
      jti: randomUUID(), notBefore: Math.floor(Date.now() / 1000) - 60, expiresInSeconds: 3600,
    });
    publishers.push(spawn(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-stream_loop', '-1', '-i', clip, '-c', 'copy', '-f', 'flv',
      `rtmps://127.0.0.1:${node.rtmpsPort}/live/${seminarId}?key=${key}`], { stdio: 'ignore' }));
  }
  // Every stream live and its remuxer writing (or 30 s), then a few seconds of steady state.
  const playlists = () => seminars.filter((id) => existsSync(join(dataDir, 'hls', id, 'index.m3u8'))).length;
  for (let i = 0; playlists() < streams && i < 300; i += 1) await sleep(100);
  await sleep(3000);

  const remuxersAtStart = new Set(remuxerPids());
  const windows = [];
  for (let i = 0; i < repeat; i += 1) {
    const [busy, nodeOnly, remuxersOnly, publisherCpu] = await cpuPercent([
      treePids,
      nodePids,
      remuxerPids,
      () => publishers.map((p) => p.pid),
    ]);
    windows.push({ busy, perStream: (busy - idle) / streams, node: nodeOnly, remuxers: remuxersOnly, publishers: publisherCpu });
  }
  const remuxersAtEnd = remuxerPids();
  const restarts = remuxersAtEnd.filter((pid) => !remuxersAtStart.has(pid)).length;
  const m = (pick) => median(windows.map(pick));
  console.log(`shape: ${shape === 'media' ? 'stream service as its own process (role all), RabbitMQ, no database' : 'standalone process tree (web tier + media child)'}; ` +
    `${streams} publishers at once; ${repeat} windows of ${windowS} s; per-window cpu_pct_per_stream ${windows.map((w) => w.perStream.toFixed(2)).join(', ')}`);
  console.log(
    `cpu_pct_per_stream=${m((w) => w.perStream).toFixed(2)} streams=${streams} remuxers_running=${remuxersAtEnd.length} ` +
      `remuxer_restarts=${restarts} playlists=${playlists()} ` +
      `node_cpu_pct_per_stream=${m((w) => w.node / streams).toFixed(2)} remuxer_cpu_pct_per_stream=${m((w) => w.remuxers / streams).toFixed(2)} ` +
      `idle_cpu_pct=${idle.toFixed(2)} busy_cpu_pct=${m((w) => w.busy).toFixed(2)} ` +
      `publisher_cpu_pct_per_stream=${m((w) => w.publishers / streams).toFixed(2)}`,
  );
} finally {
  for (const p of publishers) if (p.exitCode === null) p.kill('SIGKILL');
  await node?.stop();
  rmSync(work, { recursive: true, force: true });
}
