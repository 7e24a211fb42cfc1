// `openDatabase`: a service's database, on PostgreSQL when a URL is configured, else embedded.
import { assertIdentifier, serviceRoles } from './identifiers';
import type { Database, DatabaseOptions } from './options';
import { openPglite } from './pglite/open-pglite';
import { openPostgres } from './postgres/open-postgres';

/**
 * Bootstraps the service's schema and roles, runs its committed migrations (in one transaction, as
 * `<service>_owner`) and returns a DataSource that queries as `<service>_app`.
 */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const roles = serviceRoles(opts.service);
  assertIdentifier('schema', opts.schema);
  const { databaseUrl } = opts;
  return databaseUrl ? openPostgres({ ...opts, databaseUrl }, roles) : openPglite(opts, roles);
}
