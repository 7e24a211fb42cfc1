// Builds the embedded database's template: an initialised, empty PostgreSQL data directory dumped
// from PGlite. A fresh standalone data folder starts from it instead of running initdb (which in
// WASM takes several seconds and a second instance's worth of memory). Run by the persistence build;
// does nothing when the template for the installed PGlite version exists.
import { PGlite } from '@electric-sql/pglite';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '..');
const { version } = JSON.parse(readFileSync(join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json'), 'utf8'));
const target = join(root, 'libs/persistence/pglite-template', `pgdata-${version}.tar.gz`);

if (!existsSync(target)) {
  const pglite = await PGlite.create();
  const dump = await pglite.dumpDataDir('gzip');
  await pglite.close();
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(`${target}.tmp`, Buffer.from(await dump.arrayBuffer()));
  renameSync(`${target}.tmp`, target);
}
