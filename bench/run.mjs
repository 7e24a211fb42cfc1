// `npm run bench -- NAME [args]`: runs bench/NAME/index.mjs. Each benchmark prints its figures last,
// as key=value pairs on one line, next to a baseline it measures in the same run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname);
const [name, ...rest] = process.argv.slice(2);
const available = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'index.mjs')))
  .map((d) => d.name);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME\navailable: ${available.join(', ')}`);
  process.exit(2);
}
const result = spawnSync(process.execPath, [join(root, name, 'index.mjs'), ...rest], { stdio: 'inherit' });
process.exit(result.status ?? 1);
