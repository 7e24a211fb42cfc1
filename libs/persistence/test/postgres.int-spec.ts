// The same guarantees on a real PostgreSQL server (dev/CI shape: a superuser URL), plus the
// production shape (separate owner and app logins) and concurrent starts.
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from '@webinar/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { QueryFailedError } from 'typeorm';
import { type Database, type DatabaseOptions, openDatabase, tablesWithoutRls, withTenant } from '../src';
import { Note } from './fixtures/entities';
import { fixtureService } from './fixtures/services';

function driverCode(error: unknown): string | undefined {
  return error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function withUser(url: string, user: string, password?: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password ?? '';
  return parsed.toString();
}

const dataDir = '/nonexistent-because-postgres-is-used';

describe('openDatabase on PostgreSQL', () => {
  let adminUrl: string | undefined;
  const databases: TestDatabase[] = [];
  const opened: Database[] = [];
  const rolesToDrop: string[] = [];

  async function freshDatabase(): Promise<TestDatabase> {
    const db = await createTestDatabase(adminUrl!, 'persistence');
    databases.push(db);
    return db;
  }

  async function open(opts: DatabaseOptions): Promise<Database> {
    const database = await openDatabase(opts);
    opened.push(database);
    return database;
  }

  beforeAll(async () => {
    adminUrl = await testDatabaseUrl();
  });

  afterAll(async () => {
    for (const database of opened) await database.close();
    for (const db of databases) await db.drop();
    if (adminUrl && rolesToDrop.length > 0)
      await adminQuery(adminUrl, `DROP ROLE IF EXISTS ${rolesToDrop.join(', ')}`);
  });

  describe('with a superuser URL (dev and CI)', () => {
    let auth: Database;
    let cms: Database;
    let url: string;

    beforeAll(async () => {
      if (!adminUrl) return;
      url = (await freshDatabase()).url;
      [auth, cms] = await Promise.all([
        open(fixtureService('auth', { dataDir, databaseUrl: url })),
        open(fixtureService('cms', { dataDir, databaseUrl: url })),
      ]);
    });

    it('queries as the app role, which RESET ROLE cannot leave', async () => {
      if (!adminUrl) return; // No PostgreSQL here and REQUIRE_INFRA unset.
      expect(auth.kind).toBe('postgres');
      const [row] = await auth.dataSource.transaction(async (m) => {
        await m.query('reset role');
        return m.query<{ user: string; session: string }[]>(
          'select current_user as "user", session_user as "session"',
        );
      });
      expect(row).toEqual({ user: 'auth_app', session: 'postgres' });
    });

    it('applies forced row-level security to the app role', async () => {
      if (!adminUrl) return;
      const [a, b] = [randomUUID(), randomUUID()];
      await withTenant(auth.dataSource, { root: true }, (m) =>
        m.save(Note, [
          { id: randomUUID(), companyId: a, body: 'a' },
          { id: randomUUID(), companyId: b, body: 'b' },
        ]),
      );
      expect(
        (await withTenant(auth.dataSource, { companyId: a }, (m) => m.find(Note))).map((n) => n.body),
      ).toEqual(['a']);
      expect(await withTenant(auth.dataSource, { root: true }, (m) => m.count(Note))).toBe(2);
      expect(await auth.dataSource.getRepository(Note).count()).toBe(0);
      const smuggle = withTenant(auth.dataSource, { companyId: a }, (m) =>
        m.insert(Note, { id: randomUUID(), companyId: b, body: 'x' }),
      );
      await expect(smuggle).rejects.toThrow(/row-level security/);
    });

    it('denies cms_app the auth schema', async () => {
      if (!adminUrl) return;
      const error: unknown = await cms.dataSource.query('select * from auth.notes').catch((e: unknown) => e);
      expect(driverCode(error)).toBe('42501');
      expect(String(error)).toMatch(/permission denied for schema auth/);
    });

    it('gives the app role no DDL', async () => {
      if (!adminUrl) return;
      const error: unknown = await auth.dataSource
        .query('alter table auth.notes disable row level security')
        .catch((e: unknown) => e);
      expect(driverCode(error)).toBe('42501');
    });

    it('finds a tenant table whose row-level security is not forced', async () => {
      if (!adminUrl) return;
      expect(await tablesWithoutRls(auth.dataSource, 'auth')).toEqual(['counters']);
      await adminQuery(
        url,
        `SET ROLE auth_owner; CREATE TABLE auth.half (company_id uuid); ALTER TABLE auth.half ENABLE ROW LEVEL SECURITY`,
      );
      expect(await tablesWithoutRls(auth.dataSource, 'auth')).toEqual(['counters', 'half']);
      expect(await tablesWithoutRls(auth.dataSource, 'auth', ['counters'])).toEqual(['half']);
    });
  });

  it('runs migrations once when two processes start on the same database at once', async () => {
    if (!adminUrl) return;
    const { url } = await freshDatabase();
    const [first, second] = await Promise.all([
      open(fixtureService('race', { dataDir, databaseUrl: url })),
      open(fixtureService('race', { dataDir, databaseUrl: url })),
    ]);
    expect(await first.dataSource.query('select count(*)::int as n from race.migrations')).toEqual([
      { n: 1 },
    ]);
    await second.ping();
  });

  it('never logs the URL password', async () => {
    if (!adminUrl) return;
    const { url } = await freshDatabase();
    const lines: string[] = [];
    const record = (o: object, msg?: string): void => void lines.push(JSON.stringify({ o, msg }));
    const database = await open({
      ...fixtureService('logged', { dataDir, databaseUrl: withUser(url, 'postgres', 'pw-must-not-leak') }),
      logger: { info: record, warn: record, error: record },
    });
    await database.ping();
    expect(lines.join('\n')).toContain('postgres@');
    expect(lines.join('\n')).not.toContain('pw-must-not-leak');
  });

  it('refuses an app role that could bypass row-level security', async () => {
    if (!adminUrl) return;
    const { url } = await freshDatabase();
    const service = `b${randomBytes(4).toString('hex')}`;
    rolesToDrop.push(`${service}_app`, `${service}_owner`);
    await adminQuery(adminUrl, `CREATE ROLE ${service}_app NOLOGIN BYPASSRLS`);
    await expect(openDatabase(fixtureService(service, { dataDir, databaseUrl: url }))).rejects.toMatchObject({
      code: 'UNSAFE_APP_ROLE',
    });
  });

  it('works with operator-made logins: app URL for queries, owner URL for migrations (production)', async () => {
    if (!adminUrl) return;
    const db = await freshDatabase();
    const service = `p${randomBytes(4).toString('hex')}`;
    const [owner, app] = [`${service}_owner`, `${service}_app`];
    rolesToDrop.push(app, owner);
    await adminQuery(
      adminUrl,
      `CREATE ROLE ${owner} LOGIN; CREATE ROLE ${app} LOGIN; GRANT CREATE ON DATABASE "${db.name}" TO ${owner}`,
    );
    const database = await open({
      ...fixtureService(service, { dataDir, databaseUrl: withUser(db.url, app) }),
      migrationUrl: withUser(db.url, owner),
    });
    expect(
      await database.dataSource.query('select current_user as "user", session_user as "session"'),
    ).toEqual([{ user: app, session: app }]);
    const [{ owner: tableOwner }] = await database.dataSource.query(
      `select tableowner as owner from pg_tables where schemaname = $1 and tablename = 'notes'`,
      [service],
    );
    expect(tableOwner).toBe(owner);
    expect(await tablesWithoutRls(database.dataSource, service)).toEqual(['counters']);

    const withoutOwnerLogin = openDatabase(
      fixtureService(service, { dataDir, databaseUrl: withUser(db.url, app) }),
    );
    await expect(withoutOwnerLogin).rejects.toMatchObject({ code: 'CANNOT_ACT_AS_OWNER' });
  });
});
