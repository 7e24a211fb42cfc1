// Runs the service's committed migrations, all pending ones in one transaction: a failing migration
// leaves the schema as it was.
import type { DataSource } from 'typeorm';

export async function runPendingMigrations(dataSource: DataSource): Promise<string[]> {
  const executed = await dataSource.runMigrations({ transaction: 'all' });
  return executed.map((m) => m.name);
}
