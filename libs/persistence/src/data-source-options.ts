// The TypeORM options every DataSource of a service shares, whichever engine and role it runs on.
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS_TABLE, type DatabaseOptions } from './options';
import { TypeormLogger } from './typeorm-logger';

export interface Connection {
  url?: string;
  /** Options for the driver's Pool (pg: `options`, `max`...). */
  extra?: Record<string, unknown>;
  /** A replacement for the `pg` module (the embedded engine's Pool). */
  driver?: unknown;
}

const SLOW_QUERY_MS = 1000;

export function dataSourceOptions(opts: DatabaseOptions, connection: Connection): DataSourceOptions {
  return {
    type: 'postgres',
    ...(connection.url ? { url: connection.url } : {}),
    ...(connection.extra ? { extra: connection.extra } : {}),
    ...(connection.driver ? { driver: connection.driver } : {}),
    schema: opts.schema,
    entities: opts.entities,
    migrations: opts.migrations,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsRun: false,
    synchronize: false,
    // Neither role may create extensions, and gen_random_uuid() is built into PostgreSQL ≥ 13
    // (PGlite has no uuid-ossp).
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    maxQueryExecutionTime: SLOW_QUERY_MS,
    logger: new TypeormLogger(opts.logger, opts.service),
  };
}
