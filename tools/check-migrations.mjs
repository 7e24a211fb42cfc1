// Fails when a service's entities would make TypeORM generate a migration that is not committed:
// runs the committed migrations on a throwaway database and asks the schema builder what is left.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { pendingSchemaChanges } = require('@webinar/persistence');
const services = require('./service-catalog.cjs');

let failures = 0;
for (const service of services) {
  const dataDir = mkdtempSync(join(tmpdir(), `migrations-${service.name}-`));
  try {
    const pending = await pendingSchemaChanges(service.database(dataDir));
    if (pending.length > 0) {
      failures += 1;
      console.error(`${service.name}: entities differ from the committed migrations; missing SQL:\n  ${pending.join('\n  ')}`);
    } else {
      console.log(`${service.name}: migrations match the entities`);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
process.exit(failures > 0 ? 1 : 0);
