// Helpers for the personal-data and privacy tests: reading the raw tables as the PostgreSQL superuser
// (no row-level security, no application code in between), and answering an export the way another
// service does (a JWE to the export's public key).
import { PRIVACY_EXPORT_JWE } from '@webinar/contracts';
import { CompactEncrypt, importJWK, type JWK } from 'jose';
import { Client } from 'pg';
import { type CmsTestApp, inHours } from './support/cms-test-app';

/** Runs `sql` as the superuser of the test database (t.databaseUrl carries the admin credentials). */
export async function superQuery<T>(t: CmsTestApp, sql: string, params: unknown[] = []): Promise<T[]> {
  if (!t.databaseUrl) throw new Error('these tests need the real PostgreSQL (REQUIRE_INFRA=1)');
  const client = new Client({ connectionString: t.databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Every row of every table of the cms schema, as PostgreSQL's text form of the whole row. */
export async function everyRowOfCms(t: CmsTestApp): Promise<{ table: string; text: string }[]> {
  const tables = await superQuery<{ table_name: string }>(
    t,
    `select table_name from information_schema.tables where table_schema = 'cms' and table_type = 'BASE TABLE' order by 1`,
  );
  const rows: { table: string; text: string }[] = [];
  for (const { table_name: table } of tables) {
    const texts = await superQuery<{ text: string }>(t, `select r::text as text from cms."${table}" r`);
    rows.push(...texts.map((r) => ({ table, text: r.text })));
  }
  return rows;
}

/** The tables (and how many rows) whose raw text contains any of `needles`, case-insensitively. */
export async function rowsContaining(t: CmsTestApp, needles: readonly string[]): Promise<string[]> {
  const rows = await everyRowOfCms(t);
  return rows
    .filter((r) => needles.some((n) => r.text.toLowerCase().includes(n.toLowerCase())))
    .map((r) => `${r.table}: ${r.text.slice(0, 200)}`);
}

/** What another service sends: its data, encrypted to the export's public key, header naming request and service. */
export async function sealPart(publicKey: JWK, header: { rid: string; svc: string }, data: unknown): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(data)))
    .setProtectedHeader({ alg: PRIVACY_EXPORT_JWE.alg, enc: PRIVACY_EXPORT_JWE.enc, typ: PRIVACY_EXPORT_JWE.typ, ...header })
    .encrypt(await importJWK(publicKey, PRIVACY_EXPORT_JWE.alg));
}

export async function scheduledSeminar(t: CmsTestApp, admin: string, title = 'Privacy seminar', capacity = 10): Promise<string> {
  const created = await t.call('POST', '/cms/seminars', admin, { title, startsAt: inHours(2), endsAt: inHours(3), timeZone: 'UTC', capacity });
  if (created.statusCode !== 201) throw new Error(`seminar: ${created.statusCode} ${created.body}`);
  const id = created.json<{ id: string }>().id;
  const scheduled = await t.call('POST', `/cms/seminars/${id}/transitions`, admin, { to: 'scheduled' });
  if (scheduled.statusCode !== 200) throw new Error(`schedule: ${scheduled.statusCode} ${scheduled.body}`);
  return id;
}

export interface AuditRow {
  company_id: string | null;
  actor_id: string | null;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
  text: string;
}

export function auditRows(t: CmsTestApp, action: string): Promise<AuditRow[]> {
  return superQuery<AuditRow>(t, `select a.company_id, a.actor_id, a.action, a.subject, a.details, a::text as text from cms.audit_log a where action = $1 order by recorded_at, seq`, [action]);
}
