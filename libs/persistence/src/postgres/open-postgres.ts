// A service's database on a real PostgreSQL server.
import type { Client } from 'pg';
import { databaseHandle } from '../database-handle';
import type { ServiceRoles } from '../identifiers';
import { bootstrapAndMigrate, openAppDataSource, type ServiceEngine } from '../open-service';
import type { Database, DatabaseOptions } from '../options';
import { withAdvisoryLock } from './advisory-lock';
import { describeUrl, sessionOptions } from './connection-url';

type PostgresOptions = DatabaseOptions & { databaseUrl: string };

export function postgresEngine(
  opts: PostgresOptions,
  roles: ServiceRoles,
  lockedClient?: Client,
): ServiceEngine {
  const searchPath = [opts.schema, 'public'];
  return {
    roles,
    withBootstrapSession: (work) => {
      if (!lockedClient) throw new Error('bootstrap runs only under the advisory lock');
      return work({
        query: async (sql, params) => (await lockedClient.query<Record<string, unknown>>(sql, params)).rows,
      });
    },
    connection: (role) => ({
      url: role === roles.owner ? (opts.migrationUrl ?? opts.databaseUrl) : opts.databaseUrl,
      extra: { options: sessionOptions(role, searchPath), application_name: opts.service },
    }),
  };
}

export async function openPostgres(opts: PostgresOptions, roles: ServiceRoles): Promise<Database> {
  const adminUrl = opts.migrationUrl ?? opts.databaseUrl;
  opts.logger?.info(
    {
      service: opts.service,
      kind: 'postgres',
      database: describeUrl(opts.databaseUrl),
      migrations: describeUrl(adminUrl),
    },
    'opening database',
  );
  await withAdvisoryLock(adminUrl, opts.service, (client) =>
    bootstrapAndMigrate(opts, postgresEngine(opts, roles, client)),
  );
  const dataSource = await openAppDataSource(opts, postgresEngine(opts, roles));
  return databaseHandle('postgres', dataSource, async () => undefined);
}
