// Backup and restore against the real PostgreSQL with pg_dump/pg_restore, on a database migrated by
// the real auth and cms migrations (FORCE ROW LEVEL SECURITY on the tenant tables).
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from '@webinar/testing';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backup, BackupError, type BackupResult, compareState, decryptRecords, openBackup, recordLayout, restore } from '../src';
import { inventory, pinSessionSettings } from '../src/pg/inventory';
import { countRows, MARKER, operatorKey, type OperatorKey, productDatabase, SEEDED, withClient } from './support';

jest.setTimeout(120_000);

describe('backup and restore on PostgreSQL', () => {
  let adminUrl: string;
  let source: TestDatabase;
  let dir: string;
  let operator: OperatorKey;
  let stranger: OperatorKey;
  let made: BackupResult;
  const targets: TestDatabase[] = [];

  async function emptyTarget(): Promise<TestDatabase> {
    const db = await createTestDatabase(adminUrl, 'backup_dst');
    targets.push(db);
    return db;
  }

  async function codeOf(promise: Promise<unknown>): Promise<string> {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    if (!(error instanceof BackupError)) throw new Error(`expected a BackupError, got ${String(error)}`);
    return error.code;
  }

  beforeAll(async () => {
    const url = await testDatabaseUrl();
    if (!url) throw new Error('the backup tests need PostgreSQL (TEST_DATABASE_URL) and pg_dump/pg_restore on PATH');
    adminUrl = url;
    dir = await mkdtemp(join(tmpdir(), 'backup-it-'));
    [operator, stranger] = await Promise.all([operatorKey(dir, 'operator'), operatorKey(dir, 'stranger')]);
    source = await productDatabase(adminUrl);
    // Uncompressed dump and small records: the plaintext check below then means something (a
    // compressed dump would hide the marker even without encryption) and a file has many records.
    made = await backup({ databaseUrl: source.url, targetDir: join(dir, 'target'), recipient: operator.publicKey, compression: 0, chunkBytes: 4096, keep: 5 });
  });

  afterAll(async () => {
    for (const db of [source, ...targets]) await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('covers tables that force row-level security, with their rows', async () => {
    const forced = await withClient(source.url, async (client) =>
      (await client.query<{ name: string }>(
        `select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where c.relforcerowsecurity and n.nspname in ('auth', 'cms') order by 1`,
      )).rows.map((r) => r.name),
    );
    expect(forced).toEqual(expect.arrayContaining(['cms.companies', 'cms.seminars']));

    const rows = Object.fromEntries(made.manifest.tables.map((t) => [`${t.schema}.${t.table}`, t.rows]));
    expect(rows['cms.companies']).toBe(SEEDED.companies);
    expect(rows['cms.seminars']).toBe(SEEDED.companies * SEEDED.seminarsPerCompany);
    expect(rows['auth.users']).toBe(SEEDED.companies * SEEDED.usersPerCompany);
    expect(made.manifest.roles).toEqual(expect.arrayContaining(['auth_owner', 'auth_app', 'cms_owner', 'cms_app']));
  });

  it('restores into an empty database with identical row counts and checksums', async () => {
    const target = await emptyTarget();

    const result = await restore({ file: made.file, targetUrl: target.url, recipient: operator.privateKey });

    expect(result.differences).toEqual([]);
    expect(result.restored.tables.length).toBe(made.manifest.tables.length);
    expect(result.restored.tables.length).toBeGreaterThan(10);
    // Counted independently of the tool, as a plain superuser query on each side.
    for (const table of ['cms.companies', 'cms.seminars', 'auth.users', 'auth.companies']) {
      expect(await countRows(target.url, table)).toBe(await countRows(source.url, table));
    }
    expect(await countRows(target.url, 'cms.seminars')).toBe(SEEDED.companies * SEEDED.seminarsPerCompany);
    // Row-level security and ownership came back: the app role sees nothing without a tenant.
    const policy = await withClient(target.url, async (client) => {
      const rls = await client.query<{ force: boolean; owner: string }>(
        `select c.relforcerowsecurity as force, pg_get_userbyid(c.relowner) as owner from pg_class c
         join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'cms' and c.relname = 'seminars'`,
      );
      await client.query('begin');
      await client.query('set local role cms_app');
      const visible = await client.query<{ n: string }>('select count(*)::text as n from cms.seminars');
      await client.query('rollback');
      return { ...rls.rows[0], visibleToApp: Number(visible.rows[0]!.n) };
    });
    expect(policy).toEqual({ force: true, owner: 'cms_owner', visibleToApp: 0 });
  });

  it('detects a restored row that differs from the backup', async () => {
    const target = await emptyTarget();
    await restore({ file: made.file, targetUrl: target.url, recipient: operator.privateKey });
    await withClient(target.url, (c) => c.query(`update cms.seminars set capacity = capacity + 1 where ctid = (select min(ctid) from cms.seminars)`));

    // The tool's comparison, run on the altered copy against the backup's manifest.
    const state = await withClient(target.url, async (client) => {
      await pinSessionSettings(client);
      return inventory(client);
    });
    expect(compareState(made.manifest, state)).toEqual([
      expect.objectContaining({ object: 'table cms.seminars', expected: expect.stringContaining(`rows=${SEEDED.companies * SEEDED.seminarsPerCompany} `) }),
    ]);
  });

  it('writes no plaintext: a string in the data is in the dump but not in the file', async () => {
    const bytes = await readFile(made.file);
    expect(bytes.includes(Buffer.from(MARKER))).toBe(false);
    expect(bytes.includes(Buffer.from('PGDMP'))).toBe(false);
    const note = await readFile(`${made.file}.json`, 'utf8');
    expect(note).not.toContain(MARKER);

    // Control: the decrypted payload does hold it, so the check above could have failed.
    const file = await openBackup(made.file);
    const parts: Buffer[] = [];
    for await (const part of decryptRecords(file, operator.privateKey)) parts.push(part);
    await file.close();
    const plaintext = Buffer.concat(parts);
    expect(plaintext.includes(Buffer.from(MARKER))).toBe(true);
    expect(plaintext.includes(Buffer.from('PGDMP'))).toBe(true);
  });

  it('refuses a file with one changed byte, and leaves the target untouched', async () => {
    const damaged = join(dir, 'damaged.backup');
    const bytes = await readFile(made.file);
    const file = await openBackup(made.file);
    const layout = await recordLayout(file);
    await file.close();
    const last = layout.at(-2)!; // late in the file: an early pass would already have restored most of it
    bytes[last.offset + 20]! ^= 0x40;
    await writeFile(damaged, bytes);
    const target = await emptyTarget();

    expect(await codeOf(restore({ file: damaged, targetUrl: target.url, recipient: operator.privateKey }))).toBe('BACKUP.TAMPERED');
    const schemas = await withClient(target.url, async (c) => (await c.query(`select nspname from pg_namespace where nspname in ('auth', 'cms')`)).rowCount);
    expect(schemas).toBe(0);
  });

  it('refuses a truncated file, also one cut exactly between two records', async () => {
    const file = await openBackup(made.file);
    const layout = await recordLayout(file);
    await file.close();
    const target = await emptyTarget();
    for (const cut of [layout.at(-1)!.offset, layout[3]!.offset + 7]) {
      const short = join(dir, `short-${cut}.backup`);
      await copyFile(made.file, short);
      await truncate(short, cut);
      expect(await codeOf(restore({ file: short, targetUrl: target.url, recipient: operator.privateKey }))).toBe('BACKUP.TRUNCATED');
    }
  });

  it('refuses a private key the backup was not made for', async () => {
    const target = await emptyTarget();

    expect(await codeOf(restore({ file: made.file, targetUrl: target.url, recipient: stranger.privateKey }))).toBe('BACKUP.WRONG_KEY');
  });

  it('refuses to restore into a database that is not empty', async () => {
    expect(await codeOf(restore({ file: made.file, targetUrl: source.url, recipient: operator.privateKey }))).toBe('RESTORE.TARGET_NOT_EMPTY');
  });

  it('refuses to back up as a role that row-level security applies to, and works as a BYPASSRLS reader', async () => {
    const role = `backup_reader_${randomBytes(4).toString('hex')}`;
    await withClient(adminUrl, (c) => c.query(`create role ${role} login nobypassrls in role pg_read_all_data`));
    try {
      const url = new URL(source.url);
      url.username = role;
      const targetDir = join(dir, `as-${role}`);

      expect(await codeOf(backup({ databaseUrl: url.toString(), targetDir, recipient: operator.publicKey, keep: 1 }))).toBe('BACKUP.CANNOT_BYPASS_RLS');

      await withClient(adminUrl, (c) => c.query(`alter role ${role} bypassrls`));
      const asReader = await backup({ databaseUrl: url.toString(), targetDir, recipient: operator.publicKey, keep: 1 });
      expect(asReader.manifest.tables).toEqual(made.manifest.tables);
      const target = await emptyTarget();
      const restored = await restore({ file: asReader.file, targetUrl: target.url, recipient: operator.privateKey });
      expect(restored.differences).toEqual([]);
    } finally {
      await withClient(adminUrl, (c) => c.query(`drop role if exists ${role}`));
    }
  });

  it('recreates, without login, roles that the restored objects name and the target server lacks', async () => {
    const role = `backup_gone_${randomBytes(4).toString('hex')}`;
    const small = await createTestDatabase(adminUrl, 'backup_roles');
    try {
      await withClient(adminUrl, (c) => c.query(`create role ${role} nologin`));
      await withClient(small.url, async (c) => {
        await c.query(`create schema ledger authorization ${role}`);
        await c.query(`create table ledger.entries (id int primary key, note text)`);
        await c.query(`alter table ledger.entries owner to ${role}`);
        await c.query(`alter table ledger.entries enable row level security`);
        await c.query(`alter table ledger.entries force row level security`);
        await c.query(`insert into ledger.entries select g, 'entry ' || g from generate_series(1, 25) g`);
      });
      const made2 = await backup({ databaseUrl: small.url, targetDir: join(dir, 'roles'), recipient: operator.publicKey, keep: 1 });
      expect(made2.manifest.roles).toContain(role);
      await small.drop();
      await withClient(adminUrl, (c) => c.query(`drop role ${role}`));
      const target = await emptyTarget();

      const result = await restore({ file: made2.file, targetUrl: target.url, recipient: operator.privateKey });

      expect(result.createdRoles).toEqual([role]);
      expect(result.differences).toEqual([]);
      expect(await countRows(target.url, 'ledger.entries')).toBe(25);
      const created = await withClient(adminUrl, async (c) =>
        (await c.query<{ rolcanlogin: boolean }>(`select rolcanlogin, rolbypassrls, rolsuper from pg_roles where rolname = $1`, [role])).rows[0],
      );
      expect(created).toEqual({ rolcanlogin: false, rolbypassrls: false, rolsuper: false });
    } finally {
      await small.drop();
      for (const db of targets.splice(0)) await db.drop();
      await withClient(adminUrl, (c) => c.query(`drop role if exists ${role}`));
    }
  });
});
