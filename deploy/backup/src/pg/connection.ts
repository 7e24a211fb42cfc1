// pg_dump and pg_restore get the connection through libpq's environment variables, not a URL on
// the command line: a password in argv is visible to every process on the host (ps, /proc).
import { Client } from 'pg';

/** libpq variables for a postgres:// URL. The database name is passed separately (`--dbname`). */
export function libpqEnvironment(url: string): { env: Record<string, string>; database: string } {
  const parsed = new URL(url);
  const env: Record<string, string> = {};
  if (parsed.hostname) env['PGHOST'] = decodeURIComponent(parsed.hostname.replace(/^\[(.*)\]$/, '$1'));
  if (parsed.port) env['PGPORT'] = parsed.port;
  if (parsed.username) env['PGUSER'] = decodeURIComponent(parsed.username);
  if (parsed.password) env['PGPASSWORD'] = decodeURIComponent(parsed.password);
  const params: Record<string, string> = {
    sslmode: 'PGSSLMODE',
    sslrootcert: 'PGSSLROOTCERT',
    sslcert: 'PGSSLCERT',
    sslkey: 'PGSSLKEY',
    host: 'PGHOST',
    port: 'PGPORT',
    user: 'PGUSER',
    passfile: 'PGPASSFILE',
    application_name: 'PGAPPNAME',
  };
  for (const [param, variable] of Object.entries(params)) {
    const value = parsed.searchParams.get(param);
    if (value) env[variable] = value;
  }
  env['PGAPPNAME'] ??= 'webinar-backup';
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || env['PGUSER'] || 'postgres';
  return { env, database };
}

/** The same server, another database (scratch databases of the drill). */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, application_name: 'webinar-backup' });
  await client.connect();
  return client;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
