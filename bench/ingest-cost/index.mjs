// ingest-cost: CPU the media tier spends per live stream (RTMPS ingest with the publish guard, one
// `-c copy` HLS remuxer each). N publishers (ffmpeg `-c copy` from a pre-encoded 720p30 clip, 1 s
// keyframes, so the encoders cost nothing) publish to the standalone process; its CPU and its
// children's (the remuxers) is sampled from /proc over a window. Baseline, same run: the same
// process idle over the same window, and the publishers' own CPU (the floor of moving the bytes).
// Prints: cpu_pct_per_stream=… streams=… remuxers_running=… idle_cpu_pct=… busy_cpu_pct=… publisher_cpu_pct_per_stream=…
// Env: BENCH_STREAMS (default 10; the goal is ≥ 30 on 2 cores), BENCH_WINDOW_S (default 10).
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Agent, request } from 'node:https';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const { loadOrCreateKeySet, signJwt, TOKEN_TYPES } = require(join(root, 'libs/security/dist/index.js'));
const ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg';
const streams = Number(process.env.BENCH_STREAMS ?? 10);
const windowS = Number(process.env.BENCH_WINDOW_S ?? 10);
const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function cpuTicks(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0;
  }
}
const childrenOf = (pid) =>
  spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);

/** CPU % of one core used by `pids()` over the window (processes are re-listed at both ends). */
async function cpuPercent(pids) {
  const before = new Map(pids().map((p) => [p, cpuTicks(p)]));
  const t0 = process.hrtime.bigint();
  await sleep(windowS * 1000);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let used = 0;
  for (const p of pids()) used += cpuTicks(p) - (before.get(p) ?? 0);
  return (100 * used) / ticks / seconds;
}

function ready(port) {
  const agent = new Agent({ rejectUnauthorized: false });
  return new Promise((res) => {
    const req = request({ host: '127.0.0.1', port, path: '/health/ready', agent, timeout: 1000 }, (r) => {
      r.resume();
      res(r.statusCode === 200);
    });
    req.on('error', () => res(false));
    req.end();
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
const clip = join(dataDir, 'clip.flv');
const children = [];
try {
  const encoded = spawnSync(ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-f', 'lavfi', '-i', 'sine',
    '-t', '20', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-b:v', '2500k', '-c:a', 'aac', '-b:a', '128k', clip,
  ]);
  if (encoded.status !== 0) throw new Error('could not encode the test clip');

  const [port, streamPort, rtmpsPort] = [28443, 28444, 21936];
  const server = spawn(process.execPath, [join(root, 'deploy/standalone/dist/main.js')], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), STREAM_PORT: String(streamPort), RTMPS_PORT: String(rtmpsPort), PRINT_BANNER: 'false', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error' },
    stdio: ['ignore', process.env.BENCH_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
  });
  children.push(server);
  for (let i = 0; !(await ready(streamPort)); i += 1) {
    if (server.exitCode !== null || i > 600) throw new Error('the standalone process did not become ready');
    await sleep(100);
  }
  const serverTree = () => [server.pid, ...childrenOf(server.pid)];
  await sleep(5000); // let start-up work (migrations, the root link) finish before the idle baseline
  const idle = await cpuPercent(serverTree);

  const keys = await loadOrCreateKeySet({ dir: join(dataDir, 'keys'), name: 'media', use: 'sig' });
  const publishers = [];
  for (let i = 0; i < streams; i += 1) {
    const seminarId = randomUUID();
    const key = await signJwt(keys, { sem: seminarId, cid: randomUUID() }, {
      typ: TOKEN_TYPES.streamKey, issuer: 'webinar-cms', audience: 'stream', subject: randomUUID(),
      jti: randomUUID(), notBefore: Math.floor(Date.now() / 1000) - 60, expiresInSeconds: 3600,
    });
    const p = spawn(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-stream_loop', '-1', '-i', clip, '-c', 'copy', '-f', 'flv',
      `rtmps://127.0.0.1:${rtmpsPort}/live/${seminarId}?key=${key}`], { stdio: 'ignore' });
    publishers.push(p);
    children.push(p);
  }
  await sleep(5000); // every stream live and its remuxer running
  const remuxers = childrenOf(server.pid).length;
  const [busy, publisherCpu] = await Promise.all([cpuPercent(serverTree), cpuPercent(() => publishers.map((p) => p.pid))]);
  const perStream = (busy - idle) / streams;
  console.log(
    `cpu_pct_per_stream=${perStream.toFixed(2)} streams=${streams} remuxers_running=${remuxers} idle_cpu_pct=${idle.toFixed(2)} ` +
      `busy_cpu_pct=${busy.toFixed(2)} publisher_cpu_pct_per_stream=${(publisherCpu / streams).toFixed(2)}`,
  );
} finally {
  for (const child of children.reverse()) if (child.exitCode === null) child.kill('SIGINT');
  await sleep(1500);
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}
