// edge-throughput: requests per second and p99 latency of the authorised playback edge, against nginx
// with `secure_link` serving the same files over the same kind of TLS in the same run.
// Edge: the standalone process (the real StreamModule edge: playback-token check with its verified-token
// cache, HLS from its in-memory store, the production request hooks). Content: a real HLS rendition
// (ffmpeg testsrc2 + sine, 720p30, 1 s segments of ~400 KB) written into the edge's HLS folder for
// one seminar — the seam the remuxer writes through (`<DATA_DIR>/hls/<seminar>/`); the store reads
// each file once and serves it from memory. Nginx: Debian's nginx, own config in a temp dir, the same
// self-signed certificate, `secure_link` + `secure_link_md5` over the viewer's path prefix and an expiry,
// serving copies of the same files.
// Load: wrk, HTTPS keep-alive, 100 connections, requests alternating playlist / segment, rotating
// through 1,000 distinct viewer tokens (one signed playback JWT per viewer for the edge, one secure_link
// hash per viewer for nginx). Each side is warmed up until its rate settles, then measured; the edge's first
// warm-up slice (every viewer joining) is printed as its cold figure.
// Prints: edge_vs_nginx_secure_link=… edge_rps=… nginx_rps=… edge_p99_ms=… nginx_p99_ms=…
// Env: BENCH_WINDOW_S (default 10), BENCH_WARMUP_S (warm-up slice, default 3), BENCH_MIN_WARMUP_S (15: the
//      edge's join burst for 1,000 viewers takes ~10 s here and is as flat as a plateau), BENCH_MAX_WARMUP_S (45),
//      BENCH_CONNECTIONS (100),
//      BENCH_VIEWERS (1000), BENCH_NGINX_WORKERS (default 1: one event loop, like the edge's one process;
//      `auto` for one per core), BENCH_WRK_THREADS (default 2).
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Agent, request } from 'node:https';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const { loadOrCreateKeySet, signJwt, TOKEN_TYPES } = require(join(root, 'libs/security/dist/index.js'));
const { MEDIA_TOKEN_ISSUER, MEDIA_TOKEN_AUDIENCE } = require(join(root, 'libs/contracts/dist/index.js'));
const ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg';
const windowS = Number(process.env.BENCH_WINDOW_S ?? 10);
const warmupS = Number(process.env.BENCH_WARMUP_S ?? 3);
const minWarmupS = Number(process.env.BENCH_MIN_WARMUP_S ?? 15);
const maxWarmupS = Number(process.env.BENCH_MAX_WARMUP_S ?? 45);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 100);
const viewers = Number(process.env.BENCH_VIEWERS ?? 1000);
const nginxWorkers = process.env.BENCH_NGINX_WORKERS ?? '1';
const wrkThreads = Number(process.env.BENCH_WRK_THREADS ?? 2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const freePort = () =>
  new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

function status(port, path) {
  const agent = new Agent({ rejectUnauthorized: false });
  return new Promise((res) => {
    const req = request({ host: '127.0.0.1', port, path, agent, timeout: 2000 }, (r) => {
      r.resume();
      r.on('end', () => res(r.statusCode));
    });
    req.on('error', () => res(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

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

  // 2. The edge: the standalone process; its HLS folder gets the rendition (the remuxer's output seam).
  const [port, streamPort, rtmpsPort, nginxPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  mkdirSync(join(dataDir, 'hls'), { recursive: true, mode: 0o700 });
  cpSync(source, join(dataDir, 'hls', seminarId), { recursive: true });
  // BENCH_NODE_ARGS: extra node flags for the edge process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const server = spawn(process.execPath, [...nodeArgs, join(root, 'deploy/standalone/dist/main.js')], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), STREAM_PORT: String(streamPort), RTMPS_PORT: String(rtmpsPort),
      METRICS_PORT: '0', PRINT_BANNER: 'false', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error' },
    stdio: ['ignore', process.env.BENCH_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
  });
  children.push(server);
  for (let i = 0; (await status(streamPort, '/health/ready')) !== 200; i += 1) {
    if (server.exitCode !== null || i > 600) throw new Error('the standalone process did not become ready');
    await sleep(100);
  }

  // 3. 1,000 viewers: a playback token each for the edge, a secure_link hash each for nginx.
  const keys = await loadOrCreateKeySet({ dir: join(dataDir, 'keys'), name: 'media', use: 'sig' });
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

  // 5. Load, same shape on each side: warm-up in back-to-back slices until the rate settles, then the
  // measured window. The edge's first slice is its cold figure: every viewer joins (one token verification
  // and one `stream.viewer.joined` event each, which the standalone's audit log and attendance write to
  // the database in the same process). Back to back, because a viewer idle for 15 s leaves and rejoins.
  const measure = (name, p, script, stop) => {
    const slices = [];
    for (let elapsed = 0; elapsed < maxWarmupS; elapsed += warmupS) {
      slices.push(runWrk(p, script, warmupS).rps);
      const [prev, last] = slices.slice(-2);
      if (elapsed + warmupS >= minWarmupS && last <= prev * 1.1) break;
    }
    const r = runWrk(p, script, windowS);
    stop?.();
    console.log(`${name}: ${r.rps.toFixed(0)} req/s, ${r.mbPerS.toFixed(0)} MB/s, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, ` +
      `non-2xx ${r.non2xx}, socket errors ${r.errors}; warm-up slices (${warmupS}s each) ${slices.map((x) => x.toFixed(0)).join(', ')} req/s`);
    return { ...r, cold: slices[0] };
  };
  console.log(`edge: the real StreamModule edge in the standalone process; HLS written into its HLS folder and served ` +
    `from its in-memory store (not a live publish)`);
  console.log(`load: wrk -t${wrkThreads} -c${connections} ${windowS}s after warm-up, ${viewers} viewers, ` +
    `half playlist / half segment; nginx worker_processes ${nginxWorkers}`);
  // The edge is stopped before nginx runs: its viewers timing out (leave events) must not take nginx's CPU.
  const edge = measure('edge ', streamPort, join(work, 'edge.lua'), () => server.kill('SIGINT'));
  for (let i = 0; server.exitCode === null && i < 100; i += 1) await sleep(100);
  const ngx = measure('nginx', nginxPort, join(work, 'nginx.lua'));
  if (edge.non2xx + edge.errors > 0 || ngx.non2xx + ngx.errors > 0) console.log('WARNING: some requests failed (see above)');
  console.log(`cold (first ${warmupS}s, all viewers joining): edge_rps=${edge.cold.toFixed(0)} nginx_rps=${ngx.cold.toFixed(0)}`);
  console.log(
    `edge_vs_nginx_secure_link=${(edge.rps / ngx.rps).toFixed(2)} edge_rps=${edge.rps.toFixed(0)} nginx_rps=${ngx.rps.toFixed(0)} ` +
      `edge_p99_ms=${edge.p99Ms.toFixed(1)} nginx_p99_ms=${ngx.p99Ms.toFixed(1)}`,
  );
} finally {
  for (const child of children.reverse()) if (child.exitCode === null) child.kill(child.spawnfile === 'nginx' ? 'SIGTERM' : 'SIGINT');
  await sleep(1500);
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}
