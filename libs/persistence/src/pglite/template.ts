// The initialised data directory a fresh embedded database starts from (built by
// tools/pglite-template.mjs during the persistence build). Without it PGlite runs initdb, which is
// correct but slow; the template only saves time.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const templateDir = join(__dirname, '..', '..', 'pglite-template');

function pgliteVersion(): string | undefined {
  try {
    const main = require.resolve('@electric-sql/pglite');
    const manifest = JSON.parse(readFileSync(join(main, '..', '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}

/** The template for a directory that holds no database yet, when one was built for this PGlite. */
export function templateFor(dataDir: string): Blob | undefined {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return undefined;
  const version = pgliteVersion();
  const file = version ? join(templateDir, `pgdata-${version}.tar.gz`) : undefined;
  if (!file || !existsSync(file)) return undefined;
  return new Blob([readFileSync(file)]);
}
