// Row-level security only protects tenants if the role the service queries as cannot bypass it.
// Checked on every start, against whatever the operator configured.
import type { DataSource } from 'typeorm';
import { PersistenceError } from './errors';

interface RoleRow {
  current_user: string;
  rolsuper: boolean;
  rolbypassrls: boolean;
}

export async function assertSafeAppRole(dataSource: DataSource, expectedRole: string): Promise<void> {
  const rows: RoleRow[] = await dataSource.query(
    `select current_user, rolsuper, rolbypassrls from pg_roles where rolname = current_user`,
  );
  const row = rows[0];
  if (!row || row.current_user !== expectedRole) {
    throw new PersistenceError(
      'UNSAFE_APP_ROLE',
      `the service queries as ${row?.current_user ?? 'an unknown role'}, expected ${expectedRole}`,
    );
  }
  if (row.rolsuper || row.rolbypassrls) {
    throw new PersistenceError(
      'UNSAFE_APP_ROLE',
      `${expectedRole} is a superuser or has BYPASSRLS: row-level security would not apply`,
    );
  }
}
