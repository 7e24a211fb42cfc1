// Tenant isolation by row-level security: a transaction declares whose data it works on, and every
// tenant table's policy reads that declaration. The policy is FORCEd, so even the table owner is
// subject to it; the app role cannot bypass it.
import { isUuid } from '@webinar/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { PersistenceError } from './errors';
import { assertIdentifier, quoteIdent } from './identifiers';
import { MIGRATIONS_TABLE } from './options';

export type TenantContext = { companyId: string } | { root: true; reason?: string };


function isRoot(tenant: TenantContext): tenant is { root: true; reason?: string } {
  return 'root' in tenant && tenant.root === true;
}

/**
 * Declares whose data the current transaction works on. For code that already owns a transaction
 * (an inbox handler, say); everything else uses `withTenant`. The settings are transaction-local
 * (`set_config(..., true)`), so they end with the transaction and never leak to the next user of
 * the pooled connection.
 */
export async function scopeTransaction(manager: EntityManager, tenant: TenantContext): Promise<void> {
  if (isRoot(tenant)) {
    await manager.query(
      `select set_config('app.tenant_id', '', true), set_config('app.root', 'on', true), set_config('app.root_reason', $1, true)`,
      [tenant.reason ?? ''],
    );
    return;
  }
  if (typeof tenant.companyId !== 'string' || !isUuid(tenant.companyId)) {
    throw new PersistenceError('INVALID_TENANT', 'companyId must be a UUID');
  }
  await manager.query(`select set_config('app.tenant_id', $1, true), set_config('app.root', 'off', true)`, [
    tenant.companyId,
  ]);
}

/** Runs `work` in a transaction scoped to `tenant` (see `scopeTransaction`). */
export async function withTenant<T>(
  dataSource: DataSource,
  tenant: TenantContext,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  // Refuse a malformed tenant before opening a transaction.
  if (!isRoot(tenant) && (typeof tenant.companyId !== 'string' || !isUuid(tenant.companyId))) {
    throw new PersistenceError('INVALID_TENANT', 'companyId must be a UUID');
  }
  return dataSource.transaction(async (manager) => {
    await scopeTransaction(manager, tenant);
    return work(manager);
  });
}

function tableName(schema: string, table: string): string {
  return `${quoteIdent(assertIdentifier('schema', schema))}.${quoteIdent(assertIdentifier('table', table))}`;
}

export const TENANT_POLICY = 'tenant_isolation';

/** The statements a migration runs to put `schema.table` under tenant row-level security. */
export function tenantPolicySql(schema: string, table: string, column = 'company_id'): string[] {
  const name = tableName(schema, table);
  const col = quoteIdent(assertIdentifier('column', column));
  const predicate = `${col} = nullif(current_setting('app.tenant_id', true), '')::uuid OR current_setting('app.root', true) = 'on'`;
  return [
    `ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${name} FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY ${TENANT_POLICY} ON ${name} USING (${predicate}) WITH CHECK (${predicate})`,
  ];
}

/** The reverse of `tenantPolicySql`, for a migration's `down`. */
export function dropTenantPolicySql(schema: string, table: string): string[] {
  const name = tableName(schema, table);
  return [
    `DROP POLICY IF EXISTS ${TENANT_POLICY} ON ${name}`,
    `ALTER TABLE ${name} NO FORCE ROW LEVEL SECURITY`,
    `ALTER TABLE ${name} DISABLE ROW LEVEL SECURITY`,
  ];
}

/** TypeORM's bookkeeping tables hold no tenant data. */
const BOOKKEEPING_TABLES = [MIGRATIONS_TABLE, 'typeorm_metadata'];

/**
 * Tables of `schema` that row-level security does not fully cover (not enabled, or not forced so the
 * owner would bypass it). A catalog test asserts this is empty, minus tables that are global by
 * design, passed in `ignore`.
 */
export async function tablesWithoutRls(
  dataSource: DataSource,
  schema: string,
  ignore: readonly string[] = [],
): Promise<string[]> {
  const rows: { table: string }[] = await dataSource.query(
    `select c.relname as "table"
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relkind in ('r', 'p')
        and not (c.relrowsecurity and c.relforcerowsecurity)
        and c.relname <> all($2)
      order by c.relname`,
    [schema, [...BOOKKEEPING_TABLES, ...ignore]],
  );
  return rows.map((r) => r.table);
}
