// edge-throughput: requests per second and p99 latency of the authorised playback edge, against nginx
// with `secure_link` serving the same files over the same kind of TLS in the same run.
// Edge (BENCH_SHAPE): `media` (default) is the media tier as deployed: the stream service as its own
// process (`services/stream/dist/main.js`, role `all`, RabbitMQ, no database; see ../ingest-cost/media-node.mjs);
// `standalone` is the product's process tree (deploy/standalone/dist/main.js, whose media child serves the
// edge, and whose cms consumes every viewer event into its embedded database). Either way the real StreamModule edge: playback-token
// check with its verified-token cache, HLS from its in-memory store, the production request hooks.
// Content: a real HLS rendition (ffmpeg testsrc2 + sine, 720p30, 1 s segments of ~400 KB) written into the
// edge's HLS folder for one seminar — the seam the remuxer writes through (`<DATA_DIR>/hls/<seminar>/`); the
// store reads each file once and serves it from memory. Nginx: Debian's nginx, own config in a temp dir, the
// same self-signed certificate, `secure_link` + `secure_link_md5` over the viewer's path prefix and an expiry,
// serving copies of the same files.
// Load: wrk, HTTPS keep-alive, 100 connections, requests alternating playlist / segment, rotating
// through 1,000 distinct viewer tokens (one signed playback JWT per viewer for the edge, one secure_link
// hash per viewer for nginx). Each side is warmed up until its rate settles (the edge's first warm-up slice,
// every viewer joining, is printed as its cold figure), then BENCH_ROUNDS rounds of one slice per side,
// alternating; the ratio is the median of the rounds' ratios, the other figures medians over the slices.
// Prints: edge_vs_nginx_secure_link=… edge_rps=… nginx_rps=… edge_p99_ms=… nginx_p99_ms=…
//   edge_cpu_us_per_req=… nginx_cpu_us_per_req=… (CPU of each server's process tree per request)
// Env: BENCH_SHAPE (media | standalone), BENCH_WINDOW_S (slice per side and round, default 5), BENCH_ROUNDS (6),
//      BENCH_WARMUP_S (warm-up slice, default 3), BENCH_MIN_WARMUP_S (15: the join burst of 1,000 viewers is as
//      flat as a plateau), BENCH_MAX_WARMUP_S (45), BENCH_CONNECTIONS (100), BENCH_VIEWERS (1000),
//      BENCH_NGINX_WORKERS (default 1: one event loop, like the edge's one process; `auto` for one per core),
//      BENCH_WRK_THREADS (default 2), BENCH_NODE_ARGS (extra node flags for the edge process).
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, httpsStatus as status, root, sleep, startMediaNode } from '../ingest-cost/media-node.mjs';

const require = createRequire(import.meta.url);
const { loadOrCreateKeySet, signJwt, TOKEN_TYPES } = require(join(root, 'libs/security/dist/index.js'));
const { MEDIA_TOKEN_ISSUER, MEDIA_TOKEN_AUDIENCE } = require(join(root, 'libs/contracts/dist/index.js'));
const ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg';
const windowS = Number(process.env.BENCH_WINDOW_S ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 6);
const warmupS = Number(process.env.BENCH_WARMUP_S ?? 3);
const minWarmupS = Number(process.env.BENCH_MIN_WARMUP_S ?? 15);
const maxWarmupS = Number(process.env.BENCH_MAX_WARMUP_S ?? 45);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 100);
const viewers = Number(process.env.BENCH_VIEWERS ?? 1000);
const nginxWorkers = process.env.BENCH_NGINX_WORKERS ?? '1';
const wrkThreads = Number(process.env.BENCH_WRK_THREADS ?? 2);
const shape = process.env.BENCH_SHAPE ?? 'media';
if (!['media', 'standalone'].includes(shape)) throw new Error('BENCH_SHAPE is media or standalone');

// wrk: each connection takes the next URL of its thread's rotation (threads start at different offsets).
const wrkScript = (urlsFile) => `
local paths = {}
for line in io.lines("${urlsFile}") do paths[#paths + 1] = line end
local counter = 0
local id = 0
function setup(thread) thread:set("id", id); id = id + 1 end
function init(args) counter = (id * 7919) % #paths end
function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end
function done(summary, latency, requests)
  io.write(string.format("WRK_RESULT requests=%d duration_us=%d p99_us=%d p50_us=%d bytes=%d non2xx=%d errors=%d\\n",
    summary.requests, summary.duration, latency:percentile(99), latency:percentile(50), summary.bytes,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
`;

function runWrk(port, script, seconds) {
  const out = spawnSync('wrk', ['-t', String(wrkThreads), '-c', String(connections), '-d', `${seconds}s`, '--timeout', '5s', '-s', script,
    `https://127.0.0.1:${port}`], { encoding: 'utf8', timeout: (seconds + 30) * 1000 });
  const line = out.stdout.split('\n').find((l) => l.startsWith('WRK_RESULT'));
  if (!line) throw new Error(`wrk failed: ${out.stderr || out.stdout}`);
  const r = Object.fromEntries(line.split(' ').slice(1).map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)]));
  return { ...r, rps: r.requests / (r.duration_us / 1e6), p99Ms: r.p99_us / 1000, p50Ms: r.p50_us / 1000, mbPerS: r.bytes / 1e6 / (r.duration_us / 1e6) };
}

const work = mkdtempSync(join(tmpdir(), 'bench-edge-'));
const dataDir = join(work, 'data');
const nginxDir = join(work, 'nginx');
const children = [];
let edgeNode;
try {
  // 1. A real HLS rendition: 720p30 CBR ~3 Mb/s + AAC, 1 s keyframe interval, 1 s TS segments (~400 KB).
  const seminarId = randomUUID();
  const source = join(work, 'hls-source');
  mkdirSync(source);
  const encoded = spawnSync(ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-f', 'lavfi', '-i', 'sine',
    '-t', '6', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0',
    '-b:v', '2900k', '-minrate', '2900k', '-maxrate', '2900k', '-bufsize', '2900k', '-x264-params', 'nal-hrd=cbr',
    '-c:a', 'aac', '-b:a', '128k', '-f', 'hls', '-hls_time', '1', '-hls_list_size', '0', '-hls_segment_type', 'mpegts',
    '-hls_segment_filename', join(source, 'seg_%d.ts'), join(source, 'index.m3u8'),
  ]);
  if (encoded.status !== 0) throw new Error(`could not encode the HLS rendition: ${encoded.stderr}`);
  const segments = readdirSync(source).filter((f) => /^seg_\d+\.ts$/.test(f)).sort();
  const segmentBytes = segments.map((f) => statSync(join(source, f)).size);
  const playlistBytes = statSync(join(source, 'index.m3u8')).size;
  const meanSegmentKb = segmentBytes.reduce((a, b) => a + b, 0) / segmentBytes.length / 1000;
  console.log(`content: 1 playlist (${playlistBytes} B) + ${segments.length} segments, mean ${meanSegmentKb.toFixed(0)} KB ` +
    `(min ${(Math.min(...segmentBytes) / 1000).toFixed(0)}, max ${(Math.max(...segmentBytes) / 1000).toFixed(0)})`);

  // 2. The edge; its HLS folder gets the rendition (the remuxer's output seam).
  mkdirSync(join(dataDir, 'hls'), { recursive: true, mode: 0o700 });
  cpSync(source, join(dataDir, 'hls', seminarId), { recursive: true });
  // BENCH_NODE_ARGS: extra node flags for the edge process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const nginxPort = await freePort();
  if (shape === 'media') {
    edgeNode = await startMediaNode({ dataDir, role: 'all', instanceId: 'bench-edge-throughput', nodeArgs });
  } else {
    const [port, streamPort, rtmpsPort] = [await freePort(), await freePort(), await freePort()];
    const child = spawn(process.execPath, [...nodeArgs, join(root, 'deploy/standalone/dist/main.js')], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), STREAM_PORT: String(streamPort), RTMPS_PORT: String(rtmpsPort),
        METRICS_PORT: '0', PRINT_BANNER: 'false', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error' },
      stdio: ['ignore', process.env.BENCH_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
    });
    children.push(child);
    for (let i = 0; (await status(streamPort, '/health/ready')) !== 200; i += 1) {
      if (child.exitCode !== null || i > 600) throw new Error('the standalone process did not become ready');
      await sleep(100);
    }
    const keys = await loadOrCreateKeySet({ dir: join(dataDir, 'keys'), name: 'media', use: 'sig' });
    const stop = async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      for (let i = 0; child.exitCode === null && i < 100; i += 1) await sleep(100);
    };
    edgeNode = { child, port: streamPort, keys, stop };
  }
  const streamPort = edgeNode.port;

  // 3. 1,000 viewers: a playback token each for the edge, a secure_link hash each for nginx.
  const keys = edgeNode.keys;
  const companyId = randomUUID();
  const secret = randomBytes(16).toString('hex');
  const expires = Math.floor(Date.now() / 1000) + 600;
  const edgePaths = [];
  const nginxPaths = [];
  for (let i = 0; i < viewers; i += 1) {
    const userId = randomUUID();
    const token = await signJwt(keys, { sem: seminarId, sid: randomUUID(), cid: companyId, pro: ['hls'] }, {
      typ: TOKEN_TYPES.playback, issuer: MEDIA_TOKEN_ISSUER, audience: MEDIA_TOKEN_AUDIENCE, subject: userId,
      jti: randomUUID(), expiresInSeconds: 600,
    });
    const md5 = createHash('md5').update(`${expires}/live/${seminarId}/${userId} ${secret}`).digest('base64url');
    const segment = segments[i % segments.length];
    for (const file of ['index.m3u8', segment]) {
      edgePaths.push(`/live/${seminarId}/${token}/${file}`);
      nginxPaths.push(`/live/${seminarId}/${userId}/${md5}/${expires}/${file}`);
    }
  }
  writeFileSync(join(work, 'edge-urls.txt'), edgePaths.join('\n') + '\n');
  writeFileSync(join(work, 'nginx-urls.txt'), nginxPaths.join('\n') + '\n');
  writeFileSync(join(work, 'edge.lua'), wrkScript(join(work, 'edge-urls.txt')));
  writeFileSync(join(work, 'nginx.lua'), wrkScript(join(work, 'nginx-urls.txt')));

  // 4. nginx: same certificate, secure_link over the viewer's path prefix (segment URLs inherit it) + expiry.
  const media = join(nginxDir, 'media');
  mkdirSync(media, { recursive: true });
  cpSync(source, join(media, seminarId), { recursive: true });
  for (const d of [work, nginxDir, media, join(media, seminarId)]) chmodSync(d, 0o755); // nginx workers may run as nobody
  for (const f of readdirSync(join(media, seminarId))) chmodSync(join(media, seminarId, f), 0o644);
  const conf = join(nginxDir, 'nginx.conf');
  writeFileSync(conf, `
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes ${nginxWorkers};
daemon off;
pid ${nginxDir}/nginx.pid;
error_log ${nginxDir}/error.log error;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${nginxDir}/client_body;
  proxy_temp_path ${nginxDir}/proxy;
  fastcgi_temp_path ${nginxDir}/fastcgi;
  uwsgi_temp_path ${nginxDir}/uwsgi;
  scgi_temp_path ${nginxDir}/scgi;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  open_file_cache max=1000 inactive=60s;
  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
  server {
    listen 127.0.0.1:${nginxPort} ssl;
    ssl_certificate ${join(dataDir, 'tls/cert.pem')};
    ssl_certificate_key ${join(dataDir, 'tls/key.pem')};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;
    location ~ "^/live/(?<sem>[0-9a-f-]{36})/(?<viewer>[0-9a-f-]{36})/(?<sig>[A-Za-z0-9_-]{22})/(?<exp>[0-9]+)/(?<file>index\\.m3u8|seg_[0-9]+\\.ts)$" {
      secure_link $sig,$exp;
      secure_link_md5 "$exp/live/$sem/$viewer ${secret}";
      if ($secure_link = "") { return 403; }
      if ($secure_link = "0") { return 410; }
      alias ${media}/$sem/$file;
    }
    location / { return 404; }
  }
}
`);
  chmodSync(join(dataDir, 'tls/key.pem'), 0o600);
  const nginx = spawn('nginx', ['-e', join(nginxDir, 'error.log'), '-p', nginxDir, '-c', conf], { stdio: 'inherit' });
  children.push(nginx);
  for (let i = 0; (await status(nginxPort, nginxPaths[0])) !== 200; i += 1) {
    if (nginx.exitCode !== null || i > 100) throw new Error(`nginx did not serve the playlist: ${readFileSync(join(nginxDir, 'error.log'), 'utf8')}`);
    await sleep(100);
  }
  // Both sides refuse what they must (a bench against a server that lets anything through means nothing).
  const tampered = nginxPaths[1].replace(/\/[A-Za-z0-9_-]{22}\//, `/${'A'.repeat(22)}/`);
  const edgeTampered = edgePaths[1].replace(/\.[A-Za-z0-9_-]+\/seg_/, '.AAAA/seg_');
  const checks = [await status(streamPort, edgePaths[1]), await status(streamPort, edgeTampered), await status(nginxPort, nginxPaths[1]), await status(nginxPort, tampered)];
  console.log(`checks: edge valid=${checks[0]} tampered=${checks[1]}; nginx valid=${checks[2]} tampered=${checks[3]}`);
  if (checks[0] !== 200 || checks[1] !== 401 || checks[2] !== 200 || checks[3] !== 403) throw new Error('a side does not authorise as expected');

  // 5. Load, same shape on each side. Warm-up: back-to-back slices until the rate settles (the edge's first
  // slice is its cold figure: every viewer joins, one token verification and one `stream.viewer.joined` each;
  // in the standalone shape cms writes each to its database in the same process). Then BENCH_ROUNDS rounds,
  // each one slice per side, the order alternating; both servers stay up, and a side's viewers idle for one
  // slice only (a viewer leaves after 15 s without a request). On a shared machine a slice's rate moves with
  // the neighbours' load, so the ratio is the median of the rounds' ratios (both sides of a round see about
  // the same load), and each side's figures are medians over its slices. The CPU each server used per
  // request (its process tree, from /proc) is printed too: it moves much less with the load than the rate.
  const cpuTicksOf = (pid) => {
    let total = 0;
    const pids = [pid, ...spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number)];
    for (const p of pids) {
      try {
        const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
        total += Number(fields[11]) + Number(fields[12]);
      } catch {
        // exited between the listing and the read
      }
    }
    return total;
  };
  const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);
  const slice = (side, seconds) => {
    const before = cpuTicksOf(side.pid);
    const r = runWrk(side.port, side.script, seconds);
    const cpuUsPerReq = ((cpuTicksOf(side.pid) - before) / clockTicks) * 1e6 / Math.max(r.requests, 1);
    return { ...r, cpuUsPerReq };
  };
  const warmUp = (side) => {
    const rates = [];
    for (let elapsed = 0; elapsed < maxWarmupS; elapsed += warmupS) {
      rates.push(slice(side, warmupS).rps);
      const [prev, last] = rates.slice(-2);
      if (elapsed + warmupS >= minWarmupS && last <= prev * 1.1) break;
    }
    return rates;
  };
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const edgeSide = { name: 'edge ', port: streamPort, script: join(work, 'edge.lua'), pid: edgeNode.child.pid, slices: [] };
  const nginxSide = { name: 'nginx', port: nginxPort, script: join(work, 'nginx.lua'), pid: nginx.pid, slices: [] };
  console.log(`edge: the real StreamModule edge in ${shape === 'media' ? 'the stream service as its own process (role all, RabbitMQ, no database)' : 'the standalone process'}; ` +
    `HLS written into its HLS folder and served from its in-memory store (not a live publish)`);
  console.log(`load: wrk -t${wrkThreads} -c${connections}, ${viewers} viewers, half playlist / half segment; ${rounds} rounds of ` +
    `${windowS}s per side after warm-up; nginx worker_processes ${nginxWorkers}`);
  const edgeWarmup = warmUp(edgeSide);
  const nginxWarmup = warmUp(nginxSide);
  const ratios = [];
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? [edgeSide, nginxSide] : [nginxSide, edgeSide];
    for (const side of order) side.slices.push(slice(side, windowS));
    const [e, n] = [edgeSide.slices.at(-1), nginxSide.slices.at(-1)];
    ratios.push(e.rps / n.rps);
  }
  const summary = (side, warmup) => {
    const m = (pick) => median(side.slices.map(pick));
    const failed = side.slices.reduce((n, r) => n + r.non2xx + r.errors, 0);
    console.log(`${side.name}: ${m((r) => r.rps).toFixed(0)} req/s, ${m((r) => r.mbPerS).toFixed(0)} MB/s, p50 ${m((r) => r.p50Ms).toFixed(1)} ms, ` +
      `p99 ${m((r) => r.p99Ms).toFixed(1)} ms, ${m((r) => r.cpuUsPerReq).toFixed(0)} µs CPU/request, failed ${failed}; ` +
      `slices ${side.slices.map((r) => r.rps.toFixed(0)).join(', ')} req/s; warm-up (${warmupS}s slices) ${warmup.map((x) => x.toFixed(0)).join(', ')} req/s`);
    return { rps: m((r) => r.rps), p99Ms: m((r) => r.p99Ms), cpuUsPerReq: m((r) => r.cpuUsPerReq), failed, cold: warmup[0] };
  };
  const edge = summary(edgeSide, edgeWarmup);
  const ngx = summary(nginxSide, nginxWarmup);
  await edgeNode.stop();
  if (edge.failed + ngx.failed > 0) console.log('WARNING: some requests failed (see above)');
  console.log(`rounds (edge/nginx): ${ratios.map((r) => r.toFixed(2)).join(', ')}`);
  console.log(`cold (first ${warmupS}s, all viewers joining): edge_rps=${edge.cold.toFixed(0)} nginx_rps=${ngx.cold.toFixed(0)}`);
  console.log(
    `edge_vs_nginx_secure_link=${median(ratios).toFixed(2)} edge_rps=${edge.rps.toFixed(0)} nginx_rps=${ngx.rps.toFixed(0)} ` +
      `edge_p99_ms=${edge.p99Ms.toFixed(1)} nginx_p99_ms=${ngx.p99Ms.toFixed(1)} ` +
      `edge_cpu_us_per_req=${edge.cpuUsPerReq.toFixed(0)} nginx_cpu_us_per_req=${ngx.cpuUsPerReq.toFixed(0)}`,
  );
} finally {
  await edgeNode?.stop();
  for (const child of children.reverse()) if (child.exitCode === null) child.kill(child.spawnfile === 'nginx' ? 'SIGTERM' : 'SIGINT');
  await sleep(1500);
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}
