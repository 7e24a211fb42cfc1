// Migration drift: after the committed migrations ran on a fresh database, the SQL TypeORM would
// still generate from the entities. Empty means the entities and the migrations agree; anything else
// is a change without a committed migration (CI fails on it).
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { assertIdentifier, serviceRoles } from './identifiers';
import type { DatabaseOptions } from './options';
import { bootstrapAndMigrate, type ServiceEngine } from './open-service';
import { pgliteEngine } from './pglite/open-pglite';
import { PgliteHost } from './pglite/pglite-host';
import { withAdvisoryLock } from './postgres/advisory-lock';
import { postgresEngine } from './postgres/open-postgres';

/** initdb takes seconds: each throwaway instance after the first starts from a copy of a fresh one. */
let pristine: Promise<Blob> | undefined;

async function throwawayHost(): Promise<PgliteHost> {
  if (pristine) return PgliteHost.create({ loadDataDir: await pristine });
  const host = await PgliteHost.create({});
  pristine = host.dump();
  try {
    await pristine;
  } catch (error) {
    pristine = undefined;
    await host.close();
    throw error;
  }
  return host;
}

async function generatedSql(opts: DatabaseOptions, engine: ServiceEngine): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(opts, engine.connection(engine.roles.owner)));
  await dataSource.initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return sql.upQueries.map((q) => q.query);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Opens a fresh database (a throwaway embedded one, or `databaseUrl`, which should then name an
 * empty database), runs the committed migrations and returns what TypeORM would still change.
 */
export async function pendingSchemaChanges(opts: DatabaseOptions): Promise<string[]> {
  const roles = serviceRoles(opts.service);
  assertIdentifier('schema', opts.schema);
  const { databaseUrl } = opts;
  if (databaseUrl) {
    const pgOpts = { ...opts, databaseUrl };
    return withAdvisoryLock(opts.migrationUrl ?? databaseUrl, opts.service, async (client) => {
      await bootstrapAndMigrate(pgOpts, postgresEngine(pgOpts, roles, client));
      return generatedSql(pgOpts, postgresEngine(pgOpts, roles));
    });
  }
  const host = await throwawayHost();
  try {
    const engine = pgliteEngine(host, opts, roles);
    await bootstrapAndMigrate(opts, engine);
    return await generatedSql(opts, engine);
  } finally {
    await host.close();
  }
}
