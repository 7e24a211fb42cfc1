// `node services/cms/dist/audit/verify-audit.cli.js`: checks the audit log's hash chains and prints
// the first broken link of each damaged chain; exit code 1 when any is broken. Uses the service's own
// DATA_DIR / DATABASE_URL, like cms itself.
import { openDatabase } from '@webinar/persistence';
import { cmsDatabase } from '../cms-database';
import { verifyAuditLog } from './audit-verification';

async function main(): Promise<number> {
  const databaseUrl = process.env['DATABASE_URL'];
  const db = await openDatabase(
    cmsDatabase({ dataDir: process.env['DATA_DIR'] ?? './data', ...(databaseUrl ? { databaseUrl } : {}) }),
  );
  try {
    const result = await verifyAuditLog(db.dataSource);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.broken.length === 0 ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`audit verification failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
