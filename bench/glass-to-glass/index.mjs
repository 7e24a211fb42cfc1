/* global document, requestAnimationFrame -- functions passed to page.evaluate run in the browser */
// glass-to-glass: how old a picture is when a viewer sees it, for the low-latency protocol (HTTP-FLV via
// mpegts.js) and for HLS (hls.js), through the real product: the presenter's encoder publishes over
// RTMPS to the standalone product (its media child), and the real viewer page (watch.html, its CSP and its player) plays
// it in Debian's chromium driven by playwright-core.
// The clock: this process draws the wall clock (ms since the epoch + a 16-bit check) as a black/white
// cell pattern into each raw frame the moment it generates it (the "camera"), and pipes the frames to
// ffmpeg (libx264 ultrafast, -tune zerolatency, keyframe every 1 s, 25 fps, like OBS is told), which
// publishes over RTMPS; a tone made on the same clock is the audio track. In the page, every frame
// the video element presents is drawn to a canvas (requestVideoFrameCallback) and its cells read
// back: latency = the frame's expected display time minus the clock in it. Same machine, same clock,
// no OCR. Also printed: how much media the element buffers ahead of the picture (the player's share).
// Baseline, same run: the same read-back on a video fed locally in the page (a canvas showing the
// clock, captured as a MediaStream): the cost and error of the measuring method itself.
// Prints, last: low_latency=<ms> hls=<ms> (medians) baseline_ms=… and p90s and sample counts.
// Env: BENCH_WINDOW_S (samples per protocol, default 15), BENCH_WARMUP_S (playback settling, default 6),
//      BENCH_PROTOCOLS (default flv,hls), CHROMIUM_PATH (default /usr/bin/chromium), FFMPEG_PATH.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request } from 'node:https';
import { CELL, COLUMNS, frameOf, HEIGHT, readClock, ROWS, WIDTH } from './clock-code.mjs';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg';
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const windowS = Number(process.env.BENCH_WINDOW_S ?? 15);
const warmupS = Number(process.env.BENCH_WARMUP_S ?? 6);
const protocols = (process.env.BENCH_PROTOCOLS ?? 'flv,hls').split(',');
const FPS = 25;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

for (const [file, hint] of [
  ['deploy/standalone/dist/main.js', 'npm run build'],
  ['services/web/dist/public/watch.js', 'npm run build'],
  ['libs/security/dist/index.js', 'npm run build'],
]) {
  if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run \`${hint}\` first`);
}
if (!existsSync(chromiumPath)) throw new Error(`chromium is missing at ${chromiumPath} (apt-get install chromium)`);
const { loadOrCreateKeySet, signJwt, TOKEN_TYPES } = require(join(root, 'libs/security/dist/index.js'));
const { MEDIA_TOKEN_ISSUER, MEDIA_TOKEN_AUDIENCE } = require(join(root, 'libs/contracts/dist/index.js'));

const freePort = () =>
  new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

function get(url, ca) {
  return new Promise((res) => {
    const req = request(url, { ca, agent: false, timeout: 2000 }, (r) => {
      let body = '';
      r.on('data', (chunk) => (body += chunk));
      r.on('end', () => res({ status: r.statusCode, body }));
    });
    req.on('error', () => res({ status: 0, body: '' }));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

function callApi(url, ca, method, bearer, body) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((res, rej) => {
    const headers = { authorization: `Bearer ${bearer}`, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) };
    const req = request(url, { method, ca, agent: false, headers }, (r) => {
      let text = '';
      r.on('data', (chunk) => (text += chunk));
      r.on('end', () => (r.statusCode < 300 ? res(text ? JSON.parse(text) : undefined) : rej(new Error(`${method} ${url}: ${r.statusCode} ${text}`))));
    });
    req.on('error', rej);
    req.end(payload);
  });
}

/**
 * A company, a scheduled seminar and a presenter's stream key, through cms's real routes (the ingest
 * asks cms about every publish), with access tokens signed by the standalone's own access key set.
 */
async function seminarThroughCms(web, ca, dataDir) {
  const accessKeys = await loadOrCreateKeySet({ dir: join(dataDir, 'keys'), name: 'access', use: 'sig' });
  const token = (userId, companyId, role, elevated = false) =>
    signJwt(accessKeys, { sid: randomUUID(), cid: companyId, role, elv: elevated, mfa: true }, {
      typ: TOKEN_TYPES.access, issuer: 'webinar-auth', audience: 'cms', subject: userId, expiresInSeconds: 300, jti: randomUUID(),
    });
  const root = await token(randomUUID(), null, 'root', true);
  const company = await callApi(`${web}/cms/companies`, ca, 'POST', root, { name: 'glass-to-glass' });
  const admin = await token(randomUUID(), company.id, 'admin');
  const now = Date.now();
  const seminar = await callApi(`${web}/cms/seminars`, ca, 'POST', admin, {
    title: 'glass-to-glass', startsAt: new Date(now + 5 * 60_000).toISOString(), endsAt: new Date(now + 65 * 60_000).toISOString(),
    timeZone: 'UTC', capacity: 10,
  });
  await callApi(`${web}/cms/seminars/${seminar.id}/transitions`, ca, 'POST', admin, { to: 'scheduled' });
  const presenterId = randomUUID();
  await callApi(`${web}/cms/seminars/${seminar.id}/grants/presenter/${presenterId}`, ca, 'PUT', admin);
  const key = await callApi(`${web}/cms/seminars/${seminar.id}/stream-key`, ca, 'POST', await token(presenterId, company.id, 'customer'));
  return { seminarId: seminar.id, companyId: company.id, streamKey: key.streamKey.split('?key=')[1] };
}

const quantile = (xs, q) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

const SAMPLE_RATE = 48_000;
const SAMPLES_PER_FRAME = SAMPLE_RATE / FPS;

/** 40 ms of a 440 Hz tone (mono s16le), continuing the phase of frame `n`. */
function toneFor(n) {
  const pcm = Buffer.alloc(SAMPLES_PER_FRAME * 2);
  for (let i = 0; i < SAMPLES_PER_FRAME; i += 1) {
    pcm.writeInt16LE(Math.round(6000 * Math.sin((2 * Math.PI * 440 * (n * SAMPLES_PER_FRAME + i)) / SAMPLE_RATE)), i * 2);
  }
  return pcm;
}

/**
 * The "camera" and "microphone": one frame and 40 ms of sound per tick, the frame showing the wall
 * clock at the moment it is made. Both come from this one clock, as OBS's capture does: with an
 * independently paced audio source (lavfi `sine` with -re) the encoder's muxer held video back by
 * the two inputs' start-up offset (~450 ms measured), which no real presenter has.
 */
function startCamera(video, audio) {
  const t0 = Date.now();
  let frame = 0;
  const lateness = [];
  let stopped = false;
  const buffer = Buffer.alloc(WIDTH * HEIGHT, 128);
  const tick = () => {
    if (stopped) return;
    // Frames are timed by count (ffmpeg's rawvideo input), so a late tick still writes every frame it
    // owes, each with the clock of the moment it is written.
    while (t0 + frame * (1000 / FPS) <= Date.now()) {
      lateness.push(Date.now() - (t0 + frame * (1000 / FPS)));
      const accepted = video.write(Buffer.from(frameOf(Date.now(), buffer)));
      audio.write(toneFor(frame));
      frame += 1;
      if (!accepted && video.writableLength > 4 * WIDTH * HEIGHT) break; // ffmpeg is behind: do not pile frames up here
    }
    setTimeout(tick, Math.max(0, t0 + frame * (1000 / FPS) - Date.now()));
  };
  tick();
  return {
    lateness,
    stop() {
      stopped = true;
      video.end();
      audio.end();
    },
  };
}

/** Installed in the page: reads the clock from every frame the video element presents. */
function installReader([videoSelector, width, height, cell, columns, rows], read) {
  const video = document.querySelector(videoSelector);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const state = { samples: [], buffered: [], unreadable: 0 };
  const onFrame = (_now, meta) => {
    // How much media the element holds beyond what it shows: the player's share of the latency.
    const ranges = video.buffered;
    if (ranges.length > 0) state.buffered.push((ranges.end(ranges.length - 1) - video.currentTime) * 1000);
    ctx.drawImage(video, 0, 0, width, height);
    const clock = read(ctx.getImageData(0, 0, width, cell * rows).data, width, cell, columns, rows);
    if (clock === undefined) state.unreadable += 1;
    else state.samples.push(performance.timeOrigin + meta.expectedDisplayTime - clock);
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
  globalThis.__glass = state;
}

/** Baseline page content: a canvas showing the clock, fed to a <video> as a local MediaStream. */
function installLocalClock([width, height, cell, columns]) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  const draw = () => {
    const ms = Date.now();
    ctx.fillStyle = '#808080';
    ctx.fillRect(0, 0, width, height);
    // Same layout as clock-code.mjs; the check is computed here the same way.
    const hi = Math.floor(ms / 2 ** 24);
    const lo = ms % 2 ** 24;
    const check = ((Math.imul(hi, 40_503) ^ Math.imul(lo, 0x9e3779b1)) >>> 0) % 65_521;
    const bits = [];
    for (let i = 47; i >= 0; i -= 1) bits.push(Math.floor(ms / 2 ** i) % 2);
    for (let i = 15; i >= 0; i -= 1) bits.push((check >> i) & 1);
    bits.forEach((bit, i) => {
      ctx.fillStyle = bit ? '#ffffff' : '#000000';
      ctx.fillRect((i % columns) * cell, Math.floor(i / columns) * cell, cell, cell);
    });
    requestAnimationFrame(draw);
  };
  draw();
  const video = document.createElement('video');
  video.id = 'local';
  video.muted = true;
  video.srcObject = canvas.captureStream(25);
  document.body.append(video);
  return video.play();
}

const work = mkdtempSync(join(tmpdir(), 'bench-glass-'));
const dataDir = join(work, 'data');
const children = [];
let browser;
let camera;
try {
  const [port, streamPort, rtmpsPort] = [await freePort(), await freePort(), await freePort()];
  const server = spawn(process.execPath, [join(root, 'deploy/standalone/dist/main.js')], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', PUBLIC_HOST: '127.0.0.1', PORT: String(port), STREAM_PORT: String(streamPort),
      RTMPS_PORT: String(rtmpsPort), METRICS_PORT: '0', PRINT_BANNER: 'false', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error' },
    stdio: ['ignore', process.env.BENCH_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
  });
  children.push(server);
  const web = `https://127.0.0.1:${port}`;
  const media = `https://127.0.0.1:${streamPort}`;
  const certFile = join(dataDir, 'tls', 'cert.pem');
  for (let i = 0; ; i += 1) {
    if (server.exitCode !== null || i > 600) throw new Error('the standalone process did not become ready');
    if (existsSync(certFile) && (await get(`${media}/health/ready`, readFileSync(certFile))).status === 200) break;
    await sleep(100);
  }

  // The presenter: the camera above → ffmpeg (x264 zerolatency, 1 s GOP) → RTMPS → the ingest.
  const keys = await loadOrCreateKeySet({ dir: join(dataDir, 'keys'), name: 'media', use: 'sig' });
  const { seminarId, companyId, streamKey } = await seminarThroughCms(web, readFileSync(certFile), dataDir);
  const encoder = spawn(ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${WIDTH}x${HEIGHT}`, '-framerate', String(FPS), '-i', 'pipe:0',
    '-f', 's16le', '-ar', String(SAMPLE_RATE), '-ac', '1', '-i', 'pipe:3',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', String(FPS), '-keyint_min', String(FPS),
    '-sc_threshold', '0', '-b:v', '1500k', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '64k',
    '-f', 'flv', '-flvflags', 'no_duration_filesize', `rtmps://127.0.0.1:${rtmpsPort}/live/${seminarId}?key=${streamKey}`,
  ], { stdio: ['pipe', 'ignore', 'inherit', 'pipe'] });
  children.push(encoder);
  const [videoPipe, audioPipe] = [encoder.stdin, encoder.stdio[3]];
  for (const pipe of [videoPipe, audioPipe]) pipe.on('error', () => undefined); // an early ffmpeg exit fails playback below
  camera = startCamera(videoPipe, audioPipe);

  // Live on both protocols before any viewer arrives: the HLS playlist lists two segments.
  const ca = readFileSync(certFile);
  const probe = await signJwt(keys, { sem: seminarId, sid: randomUUID(), cid: companyId, pro: ['hls'] }, {
    typ: TOKEN_TYPES.playback, issuer: MEDIA_TOKEN_ISSUER, audience: MEDIA_TOKEN_AUDIENCE, subject: randomUUID(),
    jti: randomUUID(), expiresInSeconds: 300,
  });
  for (let i = 0; ; i += 1) {
    if (encoder.exitCode !== null) throw new Error(`the encoder exited with ${encoder.exitCode}`);
    if (i > 150) throw new Error('the stream did not go live within 30 s');
    const { body } = await get(`${media}/live/${seminarId}/${probe}/index.m3u8`, ca);
    if ((body.match(/^seg_\d+\.ts$/gm) ?? []).length >= 2) break;
    await sleep(200);
  }

  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
  // Sent as source text through the DevTools protocol (which the page's CSP does not govern: the page
  // itself still runs no eval), so the reader can carry readClock along.
  const reader = (selector) =>
    `(${installReader.toString()})(${JSON.stringify([selector, WIDTH, HEIGHT, CELL, COLUMNS, ROWS])}, ${readClock.toString()})`;

  async function measure(label, pro, expectedProtocol) {
    const token = await signJwt(keys, { sem: seminarId, sid: randomUUID(), cid: companyId, pro }, {
      typ: TOKEN_TYPES.playback, issuer: MEDIA_TOKEN_ISSUER, audience: MEDIA_TOKEN_AUDIENCE, subject: randomUUID(),
      jti: randomUUID(), expiresInSeconds: 300,
    });
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const fragment = new URLSearchParams({ seminar: seminarId, token, edge: media });
    await page.goto(`${web}/watch.html#${fragment}`);
    const playing = await page
      .waitForFunction((p) => document.getElementById('status')?.dataset.state === 'playing' && document.getElementById('player')?.dataset.protocol === p,
        expectedProtocol, { timeout: 20_000 })
      .then(() => true, () => false);
    if (!playing) {
      const shown = await page.evaluate(() => [document.getElementById('status')?.dataset.state, document.getElementById('status')?.textContent]);
      throw new Error(`${label}: the page did not play over ${expectedProtocol} (status ${shown.join(': ')})`);
    }
    await page.evaluate(reader('#player'));
    await sleep(warmupS * 1000);
    await page.evaluate(() => Object.assign(globalThis.__glass, { samples: [], buffered: [], unreadable: 0 }));
    await sleep(windowS * 1000);
    const { samples, buffered, unreadable } = await page.evaluate(() => globalThis.__glass);
    await context.close();
    if (samples.length < windowS * 5) throw new Error(`${label}: only ${samples.length} readable frames (${unreadable} unreadable)`);
    const result = { median: quantile(samples, 0.5), p90: quantile(samples, 0.9), n: samples.length, unreadable };
    console.log(`${label}: median ${result.median.toFixed(0)} ms, p90 ${result.p90.toFixed(0)} ms, ` +
      `min ${Math.min(...samples).toFixed(0)} ms, ${result.n} frames read (${unreadable} unreadable); ` +
      `media buffered ahead of the picture: median ${quantile(buffered, 0.5).toFixed(0)} ms`);
    return result;
  }

  const skipped = { median: NaN, p90: NaN, n: 0 };
  const low = protocols.includes('flv') ? await measure('low latency (HTTP-FLV, mpegts.js)', ['flv'], 'flv') : skipped;
  const hls = protocols.includes('hls') ? await measure('HLS (hls.js)', ['hls'], 'hls') : skipped;

  // Baseline: the same read-back on a locally generated video (no encoder, network or player).
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.goto(`${web}/`);
  await page.evaluate(installLocalClock, [WIDTH, HEIGHT, CELL, COLUMNS, ROWS]);
  await page.evaluate(reader('#local'));
  await sleep(2000);
  await page.evaluate(() => { globalThis.__glass.samples = []; });
  await sleep(5000);
  const baselineSamples = await page.evaluate(() => globalThis.__glass.samples);
  await context.close();
  if (baselineSamples.length < 10) throw new Error(`baseline: only ${baselineSamples.length} readable frames`);
  const baseline = quantile(baselineSamples, 0.5);
  const lateP99 = quantile(camera.lateness, 0.99);
  console.log(`baseline (local canvas → MediaStream → video, same read-back): median ${baseline.toFixed(0)} ms over ${baselineSamples.length} frames; ` +
    `camera tick lateness p99 ${lateP99.toFixed(0)} ms`);
  const verdict = (r, goal) => (r.n === 0 ? 'not measured' : r.median <= goal ? 'met' : 'NOT met');
  console.log(`goals: low latency ≤ 800 ms ${verdict(low, 800)}; HLS ≤ 3000 ms ${verdict(hls, 3000)}`);
  const ms = (x) => (Number.isNaN(x) ? 'NaN' : String(Math.round(x) || 0));
  console.log(
    `low_latency=${ms(low.median)} hls=${ms(hls.median)} baseline_ms=${ms(baseline)} ` +
      `low_latency_p90=${ms(low.p90)} hls_p90=${ms(hls.p90)} low_latency_frames=${low.n} hls_frames=${hls.n}`,
  );
} finally {
  camera?.stop();
  await browser?.close().catch(() => undefined);
  for (const child of children.reverse()) if (child.exitCode === null) child.kill('SIGINT');
  await sleep(1500);
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}
