// `npm start`: builds what the standalone shape needs (swc, a few seconds; cached by Nx), then runs it
// with OpenTelemetry preloaded under a supervisor (tools/supervise.mjs). Every variable of
// deploy/standalone/src/config.ts can be set.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`Node ${process.versions.node} is too old: the product needs Node 24 LTS (see .nvmrc).`);
  process.exit(1);
}

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
const build = spawnSync(resolve(root, 'node_modules/.bin/nx'), ['run', 'standalone:build', '--outputStyle=static'], {
  cwd: root,
  env,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) {
  console.error('build failed; run `npx nx run standalone:build` to see why');
  process.exit(build.status ?? 1);
}

await import('./supervise.mjs');
