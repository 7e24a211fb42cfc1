// A service's database on the embedded engine: one PGlite instance per data directory, shared by
// every service of the process, each with its own schema, roles and DataSource.
import { join } from 'node:path';
import { databaseHandle } from '../database-handle';
import type { ServiceRoles } from '../identifiers';
import { bootstrapAndMigrate, openAppDataSource, type ServiceEngine } from '../open-service';
import type { Database, DatabaseOptions } from '../options';
import { leaseHost } from './host-registry';
import type { PgliteHost } from './pglite-host';
import { pgliteDriver } from './pglite-pool';

export function pgliteEngine(host: PgliteHost, opts: DatabaseOptions, roles: ServiceRoles): ServiceEngine {
  const searchPath = [opts.schema, 'public'];
  return {
    roles,
    // The instance's own user is a superuser; the session goes back to the lock between steps, so
    // the migrator (which needs the same single session) can run afterwards.
    withBootstrapSession: (work) =>
      host.withSession({}, (client) =>
        work({
          query: async (sql, params) => {
            const result = await client.query(sql, params);
            return Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows;
          },
        }),
      ),
    connection: (role) => ({ driver: pgliteDriver(host, { role, searchPath }) }),
  };
}

export async function openPglite(opts: DatabaseOptions, roles: ServiceRoles): Promise<Database> {
  const dir = join(opts.dataDir, 'pglite');
  opts.logger?.info({ service: opts.service, kind: 'pglite', dataDir: dir }, 'opening database');
  const lease = await leaseHost(dir);
  try {
    const engine = pgliteEngine(lease.host, opts, roles);
    await bootstrapAndMigrate(opts, engine);
    const dataSource = await openAppDataSource(opts, engine);
    return databaseHandle('pglite', dataSource, () => lease.release());
  } catch (error) {
    await lease.release();
    throw error;
  }
}
