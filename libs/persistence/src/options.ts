// The public description of a service's database and what `openDatabase` gives back.
import type { DataSource, EntitySchema } from 'typeorm';

export interface PersistenceLogger {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
  error(o: object, msg?: string): void;
}

export interface DatabaseOptions {
  /** Short service name, e.g. 'auth': names the roles `<service>_owner` and `<service>_app`. */
  service: string;
  /** The service's own schema; its tables live only there. */
  schema: string;
  // TypeORM's own types for entity and migration classes.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[] | EntitySchema[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  /** PostgreSQL URL the service queries through (as `<service>_app`). Absent: embedded PGlite. */
  databaseUrl?: string;
  /** PostgreSQL URL for bootstrap and migrations (the owner, or a superuser). Defaults to databaseUrl. */
  migrationUrl?: string;
  /** Where the embedded engine keeps its files (`<dataDir>/pglite`). */
  dataDir: string;
  logger?: PersistenceLogger;
}

export interface Database {
  /** Queries run as `<service>_app`: no ownership, row-level security applies. */
  readonly dataSource: DataSource;
  ping(): Promise<void>;
  close(): Promise<void>;
  readonly kind: 'postgres' | 'pglite';
}

/** TypeORM's bookkeeping table of executed migrations, in the service's schema. */
export const MIGRATIONS_TABLE = 'migrations';
