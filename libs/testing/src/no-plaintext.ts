// The check behind "no plaintext in the database": reads every row of every table of a schema as the
// PostgreSQL superuser (row-level security does not hide anything from it) and fails if any of the
// given strings occurs in any column, as text or hex-encoded (how a bytea column renders).
import { Client } from 'pg';

export interface PlaintextScan {
  tables: number;
  rows: number;
}

/**
 * @param superuserUrl a superuser connection to the database (e.g. a TestDatabase's url).
 * @returns how much was scanned, so a test can assert it looked at the rows it meant to.
 * @throws Error naming the table and which of the strings (by index) was found.
 */
export async function expectNoPlaintext(superuserUrl: string, schema: string, plaintexts: readonly string[]): Promise<PlaintextScan> {
  const needles = plaintexts.filter((p) => p.length > 0);
  const client = new Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const tables = await client.query<{ table: string }>(
      `SELECT c.relname AS "table" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY 1`,
      [schema],
    );
    let rows = 0;
    const found: string[] = [];
    for (const { table } of tables.rows) {
      const quoted = `"${schema.replaceAll('"', '""')}"."${table.replaceAll('"', '""')}"`;
      const result = await client.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM ${quoted} t`);
      rows += result.rows.length;
      for (const { row } of result.rows) {
        const lower = row.toLowerCase();
        needles.forEach((needle, i) => {
          const hex = Buffer.from(needle, 'utf8').toString('hex');
          if (row.includes(needle) || row.includes(JSON.stringify(needle).slice(1, -1)) || lower.includes(hex)) found.push(`${table}: plaintext #${i}`);
        });
      }
    }
    if (found.length > 0) throw new Error(`plaintext found in schema ${schema}: ${[...new Set(found)].join(', ')}`);
    return { tables: tables.rows.length, rows };
  } finally {
    await client.end();
  }
}
