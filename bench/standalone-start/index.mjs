// standalone-start: how long `npm start`'s process takes from spawn to /health/ready on a fresh data
// folder, and how much memory it holds once ready. Baseline, same run: a bare Node 24 HTTPS server
// with the same certificate (the floor any Node service pays).
// Prints: ready_s=… rss_mb=… (settled, 5 s after ready) peak_rss_mb=… baseline_ready_s=… baseline_rss_mb=… ready_vs_baseline=… rss_vs_baseline=…
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Agent, request } from 'node:https';

const root = resolve(import.meta.dirname, '../..');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const agent = new Agent({ rejectUnauthorized: false });

function ready(port) {
  return new Promise((res) => {
    const req = request({ host: '127.0.0.1', port, path: '/health/ready', agent, timeout: 1000 }, (r) => {
      r.resume();
      res(r.statusCode === 200);
    });
    req.on('error', () => res(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

function rssMb(pid) {
  // The process and its children: the web tier and its media child (docs/operations.md).
  const out = spawnSync('ps', ['-o', 'rss=', '--ppid', String(pid), '-p', String(pid)], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter(Boolean).reduce((sum, kb) => sum + Number(kb), 0) / 1024;
}

async function measure(args, env, port) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'ignore' });
  let peak = 0;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}`);
      if (await ready(port)) break;
      peak = Math.max(peak, rssMb(child.pid));
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // Start-up garbage (the database template, module loading) is collected within a few seconds:
    // report the resident set once settled, and the peak seen while starting.
    for (let i = 0; i < 50; i++) {
      peak = Math.max(peak, rssMb(child.pid));
      await new Promise((r) => setTimeout(r, 100));
    }
    return { seconds, rss: rssMb(child.pid), peak };
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const build = spawnSync(join(root, 'node_modules/.bin/nx'), ['run', 'standalone:build', '--outputStyle=static'], {
  cwd: root,
  stdio: 'ignore',
  env: { ...process.env, NX_DAEMON: 'false' },
});
if (build.status !== 0) throw new Error('build failed');

const product = [];
const baseline = [];
for (let i = 0; i < runs; i++) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-standalone-'));
  try {
    const port = 18443 + i;
    product.push(
      await measure(
        ['--import', join(root, 'libs/observability/dist/otel/register.js'), join(root, 'deploy/standalone/dist/main.js')],
        { DATA_DIR: dataDir, PORT: String(port), STREAM_PORT: String(port + 100), PRINT_BANNER: 'false', LOG_LEVEL: 'warn' },
        port,
      ),
    );
    const cert = readFileSync(join(dataDir, 'tls', 'cert.pem'), 'utf8');
    const key = readFileSync(join(dataDir, 'tls', 'key.pem'), 'utf8');
    const bare = `require('node:https').createServer({cert:${JSON.stringify(cert)},key:${JSON.stringify(key)}},(q,s)=>s.end('ok')).listen(${port + 200},'127.0.0.1')`;
    baseline.push(await measure(['-e', bare], {}, port + 200));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const readyS = median(product.map((r) => r.seconds));
const rss = median(product.map((r) => r.rss));
const baseReady = median(baseline.map((r) => r.seconds));
const baseRss = median(baseline.map((r) => r.rss));
const peakRss = median(product.map((r) => r.peak));
console.log(`runs=${runs} (fresh data folder each: keys, certificate, migrations included)`);
console.log(
  `ready_s=${readyS.toFixed(2)} rss_mb=${rss.toFixed(0)} peak_rss_mb=${peakRss.toFixed(0)} baseline_ready_s=${baseReady.toFixed(2)} baseline_rss_mb=${baseRss.toFixed(0)} ready_vs_baseline=${(readyS / baseReady).toFixed(1)} rss_vs_baseline=${(rss / baseRss).toFixed(1)}`,
);
