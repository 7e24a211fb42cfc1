// Measures what a database holds, the same way on the source (inside the dump's snapshot) and on the
// restored copy, so that the two can be compared: per table a row count and a checksum of its rows,
// per sequence its value, and the roles the objects name.
import type { Client } from 'pg';
import { BackupError } from '../errors';
import type { DatabaseState } from '../manifest';
import { quoteIdent } from './connection';

/** System schemas; everything else (the services' schemas, public) is product data. */
const PRODUCT_SCHEMA = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'`;

/**
 * A row's text form depends on session settings (time zone, date style, float digits, bytea
 * output); both sides pin them so that equal rows give equal text. `row_security = off` makes a
 * query that row-level security would filter fail instead of silently returning fewer rows.
 */
export async function pinSessionSettings(client: Client): Promise<void> {
  for (const sql of [
    `set time zone 'UTC'`,
    `set datestyle = 'ISO, YMD'`,
    `set intervalstyle = 'postgres'`,
    `set extra_float_digits = 3`,
    `set bytea_output = 'hex'`,
    `set row_security = off`,
  ]) {
    await client.query(sql);
  }
}

/**
 * pg_dump and these queries see every row only as a superuser or a BYPASSRLS role: the product's
 * tables FORCE row-level security, so any other role reads none of them (pg_dump errors out, or
 * with --enable-row-security dumps empty tables). Refuse up front with a clear message.
 */
export async function assertCanReadAllRows(client: Client): Promise<void> {
  const { rows } = await client.query<{ name: string; rolsuper: boolean; rolbypassrls: boolean }>(
    `select rolname as name, rolsuper, rolbypassrls from pg_roles where rolname = current_user`,
  );
  const role = rows[0];
  if (!role || (!role.rolsuper && !role.rolbypassrls)) {
    throw new BackupError(
      'BACKUP.CANNOT_BYPASS_RLS',
      `the role ${role?.name ?? '(unknown)'} is neither a superuser nor BYPASSRLS: tables with row-level security would be dumped without their rows. Use a role with BYPASSRLS and pg_read_all_data (docs/operations.md)`,
    );
  }
}

/**
 * Row checksum: two sums of 64-bit slices of md5(row text). Order-independent (no sort, no
 * collation dependence, one pass, constant memory), and together with the count a changed, missing
 * or added row shows unless its change cancels exactly in both 64-bit sums.
 */
function tableQuery(schema: string, table: string): string {
  return `select count(*)::bigint::text as rows,
    coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint), 0)::text as a,
    coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint), 0)::text as b
    from (select md5(t::text) as h from ${quoteIdent(schema)}.${quoteIdent(table)} as t) as q`;
}

export async function inventory(client: Client): Promise<DatabaseState> {
  try {
    const tables = await client.query<{ schema: string; table: string }>(
      `select n.nspname as schema, c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind = 'r' and ${PRODUCT_SCHEMA} order by 1, 2`,
    );
    const state: DatabaseState = { tables: [], sequences: [] };
    for (const { schema, table } of tables.rows) {
      const { rows } = await client.query<{ rows: string; a: string; b: string }>(tableQuery(schema, table));
      const row = rows[0];
      if (!row) continue;
      state.tables.push({ schema, table, rows: Number(row.rows), checksum: `sum64x2:${row.a}:${row.b}` });
    }
    const sequences = await client.query<{ schema: string; sequence: string }>(
      `select n.nspname as schema, c.relname as sequence from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind = 'S' and ${PRODUCT_SCHEMA} order by 1, 2`,
    );
    for (const { schema, sequence } of sequences.rows) {
      const { rows } = await client.query<{ last_value: string; is_called: boolean }>(
        `select last_value::text as last_value, is_called from ${quoteIdent(schema)}.${quoteIdent(sequence)}`,
      );
      const row = rows[0];
      state.sequences.push({ schema, sequence, lastValue: row?.is_called ? row.last_value : null });
    }
    return state;
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError('BACKUP.INVENTORY_FAILED', `cannot measure the database: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Roles that own product objects or are named in their privileges and policies. They are cluster
 * objects, not in a database dump; restore creates the missing ones (without login or privileges)
 * so that ownership, grants and row-level-security policies come back as they were.
 */
export async function referencedRoles(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ rolname: string }>(
    `with product_ns as (select n.oid, n.nspowner, n.nspacl from pg_namespace n where ${PRODUCT_SCHEMA}),
     product_rel as (select c.relowner, c.relacl from pg_class c join product_ns n on n.oid = c.relnamespace),
     ids as (
       select nspowner as id from product_ns
       union select (aclexplode(nspacl)).grantee from product_ns where nspacl is not null
       union select relowner from product_rel
       union select (aclexplode(relacl)).grantee from product_rel where relacl is not null
       union select defaclrole from pg_default_acl
       union select (aclexplode(defaclacl)).grantee from pg_default_acl
       union select unnest(polroles) from pg_policy
       union select p.proowner from pg_proc p join product_ns n on n.oid = p.pronamespace
       union select t.typowner from pg_type t join product_ns n on n.oid = t.typnamespace
     )
     select r.rolname from pg_roles r join ids on ids.id = r.oid
     where r.rolname not like 'pg\\_%' order by 1`,
  );
  return rows.map((r) => r.rolname);
}
