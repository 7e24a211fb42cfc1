// Runs the standalone product (deploy/standalone/dist/main.js, already built) under a supervisor:
// the product process is restarted at once when it dies (a fault nothing contained), with a growing
// pause when it keeps dying, and given up after too many deaths in a row. A stop asked for by a
// signal is passed on and ends the supervisor with the child's own status. `tools/start.mjs` builds
// and then runs this; the standalone's process test runs it directly.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
// The platform's one backoff, from the build tools/start.mjs has just made (only that module, not all of messaging).
const { backoffDelay } = createRequire(import.meta.url)(resolve(root, 'libs/messaging/dist/backoff.js'));
const MAX_QUICK_DEATHS = 5;
const QUICK_DEATH_MS = 60_000;
let child;
let stopping = false;
let deaths = [];

function run() {
  child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--import',
      resolve(root, 'libs/observability/dist/otel/register.js'),
      resolve(root, 'deploy/standalone/dist/main.js'),
    ],
    { cwd: root, env: { OTEL_SERVICE_NAME: 'webinar-standalone', ...process.env }, stdio: 'inherit' },
  );
  child.on('exit', (code, signal) => {
    // 0 is a clean stop; a configuration error (78) or a failed start (3, e.g. a port in use) would
    // only happen again.
    if (stopping || code === 0 || code === 78 || code === 3) process.exit(code ?? (signal ? 1 : 0));
    const now = Date.now();
    deaths = [...deaths.filter((at) => now - at < QUICK_DEATH_MS), now];
    if (deaths.length > MAX_QUICK_DEATHS) {
      console.error(`the product died ${deaths.length} times within a minute; giving up (last: ${signal ?? `exit ${code}`})`);
      process.exit(1);
    }
    const pauseMs = deaths.length <= 1 ? 0 : backoffDelay({ initialMs: 500, maxMs: 8_000, jitter: 0 }, deaths.length - 2);
    console.error(`the product stopped unexpectedly (${signal ?? `exit ${code}`}); restarting${pauseMs ? ` in ${pauseMs} ms` : ''}`);
    setTimeout(run, pauseMs);
  });
}
run();

// Ctrl-C reaches the child through the terminal's process group; forward SIGTERM from supervisors.
process.on('SIGTERM', () => {
  stopping = true;
  child.kill('SIGTERM');
});
process.on('SIGINT', () => {
  stopping = true;
});
