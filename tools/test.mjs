// `npm test`: every check CI runs, in order: build, module boundaries, workspace dependencies, lint,
// type-check, OpenAPI and migration drift, then the test tiers (unit and integration per project, then end-to-end).
// Runs every step even after a failure so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const resultsDir = mkdtempSync(join(tmpdir(), 'webinar-test-results-'));
const env = { ...process.env, TEST_RESULTS_DIR: resultsDir, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0' };
const nx = join(root, 'node_modules/.bin/nx');

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`Node ${process.versions.node} is too old: the tests need Node 24 LTS (see .nvmrc).`);
  process.exit(1);
}
const pinned = readFileSync(join(root, '.nvmrc'), 'utf8').trim().replace(/^v/, '');
if (process.versions.node !== pinned) {
  console.warn(`Node ${process.versions.node} is not the pinned ${pinned} (.nvmrc) that CI uses; results may differ.`);
}

const steps = [
  ['build', nx, ['run-many', '-t', 'build', '--outputStyle=static']],
  ['module boundaries', 'node', ['tools/check-boundaries.mjs']],
  ['one home per table (stores)', 'node', ['tools/check-stores.mjs']],
  ['workspace dependencies', 'node', ['tools/check-workspace-deps.mjs']],
  ['lint', nx, ['run-many', '-t', 'lint', '--outputStyle=static']],
  // The scripts outside every project (tools, benchmarks, nginx rendering, image assembly).
  ['lint (scripts)', join(root, 'node_modules/.bin/eslint'), ['--max-warnings', '0', 'tools', 'bench', 'nginx', 'deploy/docker', 'eslint.config.mjs', '.dependency-cruiser.cjs']],
  ['typecheck', nx, ['run-many', '-t', 'typecheck', '--outputStyle=static']],
  ['openapi drift', 'node', ['tools/openapi.mjs', '--check']],
  ['migration drift', 'node', ['tools/check-migrations.mjs']],
  ['unit + integration tests', nx, ['run-many', '-t', 'test', '--parallel=1', '--outputStyle=static', '--exclude=e2e']],
  ['end-to-end tests', nx, ['run', 'e2e:test', '--outputStyle=static']],
];

const failed = [];
for (const [name, command, args] of steps) {
  console.log(`\n### ${name}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) failed.push(name);
  console.log(`### ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} (${seconds} s)`);
}

const totals = { passed: 0, failed: 0, skipped: 0, suitesFailed: 0 };
const tiers = {};
for (const file of readdirSync(resultsDir)) {
  const report = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
  for (const [tier, counts] of Object.entries(report.tiers)) {
    const t = (tiers[tier] ??= { passed: 0, failed: 0, skipped: 0, suitesFailed: 0 });
    for (const k of Object.keys(totals)) {
      t[k] += counts[k];
      totals[k] += counts[k];
    }
  }
}
console.log('\n### test counts per tier');
for (const [tier, t] of Object.entries(tiers)) {
  const broken = t.suitesFailed > 0 ? ` (${t.suitesFailed} suites failed)` : '';
  console.log(`${tier}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped${broken}`);
}
if (failed.length > 0) console.log(`\nfailed steps: ${failed.join(', ')}`);
// A suite that fails to run counts as a failure even though none of its tests ran.
console.log(`${totals.passed} passed, ${totals.failed + totals.suitesFailed} failed`);
process.exit(failed.length > 0 || totals.failed + totals.suitesFailed > 0 || totals.passed === 0 ? 1 : 0);
