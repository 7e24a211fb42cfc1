// Creates what a service's database layer stands on: its two roles, its schema owned by the owner
// role, and the grants that let the application role read and write data (now and in tables that
// migrations add later) without owning anything. Runs on every start, so every step is idempotent.
import { PersistenceError } from './errors';
import { quoteIdent, type ServiceRoles } from './identifiers';

export type Row = Record<string, unknown>;

/** The one capability bootstrap needs from a connection, whatever the engine. */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface BootstrapTarget {
  schema: string;
  roles: ServiceRoles;
}

function createRoleSql(role: string): string {
  // Roles are cluster-wide while advisory locks are per database, so two test databases (or two
  // services' first starts) can race on the same CREATE ROLE: the loser just finds it there.
  return `DO $$ BEGIN
  CREATE ROLE ${quoteIdent(role)} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$`;
}

export async function isSuperuser(runner: SqlRunner): Promise<boolean> {
  const rows = await runner.query(`select rolsuper from pg_roles where rolname = session_user`);
  return rows[0]?.['rolsuper'] === true;
}

async function schemaExists(runner: SqlRunner, schema: string): Promise<boolean> {
  return (await runner.query(`select 1 from pg_namespace where nspname = $1`, [schema])).length > 0;
}

/** Steps only a superuser can take: the roles and the schema's ownership. */
async function bootstrapAsSuperuser(runner: SqlRunner, { schema, roles }: BootstrapTarget): Promise<void> {
  await runner.query(createRoleSql(roles.owner));
  await runner.query(createRoleSql(roles.app));
  await runner.query(
    `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)} AUTHORIZATION ${quoteIdent(roles.owner)}`,
  );
  await runner.query(`ALTER SCHEMA ${quoteIdent(schema)} OWNER TO ${quoteIdent(roles.owner)}`);
}

async function assertRolesExist(runner: SqlRunner, roles: ServiceRoles): Promise<void> {
  const wanted = [roles.owner, roles.app];
  const found = new Set(
    (await runner.query(`select rolname from pg_roles where rolname = any($1)`, [wanted])).map(
      (r) => r['rolname'],
    ),
  );
  const missing = wanted.filter((role) => !found.has(role));
  if (missing.length > 0) {
    throw new PersistenceError(
      'MISSING_ROLE',
      `roles ${missing.join(', ')} do not exist and the migration connection is not a superuser: an operator must create them`,
    );
  }
}

/** Steps the owner takes on its own schema: the application role's privileges. */
async function grantAsOwner(runner: SqlRunner, { schema, roles }: BootstrapTarget): Promise<void> {
  const s = quoteIdent(schema);
  const app = quoteIdent(roles.app);
  try {
    await runner.query(`SET ROLE ${quoteIdent(roles.owner)}`);
  } catch (error) {
    throw new PersistenceError(
      'CANNOT_ACT_AS_OWNER',
      `the migration login is neither a superuser nor ${roles.owner} (or a member of it): set migrationUrl to such a login`,
      { cause: error },
    );
  }
  try {
    if (!(await schemaExists(runner, schema))) await runner.query(`CREATE SCHEMA ${s}`);
    await runner.query(`REVOKE ALL ON SCHEMA ${s} FROM PUBLIC`);
    await runner.query(`GRANT USAGE ON SCHEMA ${s} TO ${app}`);
    await runner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${app}`);
    await runner.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${s} TO ${app}`);
    // Default privileges are recorded for the role that creates the objects: the owner, as
    // migrations run as it.
    await runner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`,
    );
    await runner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${app}`,
    );
  } finally {
    await runner.query(`RESET ROLE`);
  }
}

/**
 * Idempotent bootstrap. As a superuser (dev, CI, embedded) it creates the roles and schema; otherwise
 * (production with an operator-provided owner login) it expects the roles to exist and only grants.
 */
export async function bootstrapService(
  runner: SqlRunner,
  target: BootstrapTarget,
): Promise<{ superuser: boolean }> {
  const superuser = await isSuperuser(runner);
  if (superuser) await bootstrapAsSuperuser(runner, target);
  else await assertRolesExist(runner, target.roles);
  await grantAsOwner(runner, target);
  return { superuser };
}
