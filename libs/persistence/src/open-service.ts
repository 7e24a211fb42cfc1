// The sequence every engine follows to give a service its database: bootstrap (roles, schema,
// grants), committed migrations as the owner, then a DataSource that queries as the app role.
import { DataSource } from 'typeorm';
import { assertSafeAppRole } from './app-role-check';
import { bootstrapService, type SqlRunner } from './bootstrap';
import { dataSourceOptions, type Connection } from './data-source-options';
import type { ServiceRoles } from './identifiers';
import { runPendingMigrations } from './migrate';
import type { DatabaseOptions } from './options';

export interface ServiceEngine {
  roles: ServiceRoles;
  /** Runs bootstrap SQL on a session of the migration login (a superuser, or the owner). */
  withBootstrapSession<T>(work: (runner: SqlRunner) => Promise<T>): Promise<T>;
  /** How to connect as the owner (migrations) and as the app role (runtime). */
  connection(role: string): Connection;
}

export async function bootstrapAndMigrate(opts: DatabaseOptions, engine: ServiceEngine): Promise<void> {
  const { superuser } = await engine.withBootstrapSession((runner) =>
    bootstrapService(runner, { schema: opts.schema, roles: engine.roles }),
  );
  const migrator = new DataSource(dataSourceOptions(opts, engine.connection(engine.roles.owner)));
  await migrator.initialize();
  try {
    const executed = await runPendingMigrations(migrator);
    opts.logger?.info(
      { service: opts.service, schema: opts.schema, executed, superuser },
      'database migrated',
    );
  } finally {
    await migrator.destroy();
  }
}

export async function openAppDataSource(opts: DatabaseOptions, engine: ServiceEngine): Promise<DataSource> {
  const app = new DataSource(dataSourceOptions(opts, engine.connection(engine.roles.app)));
  await app.initialize();
  try {
    await assertSafeAppRole(app, engine.roles.app);
  } catch (error) {
    await app.destroy();
    throw error;
  }
  return app;
}
