// Row-level security is the second wall: even a query written without any company filter, run as the
// application's role, sees only the tenant's rows. And the catalog proves every table is covered.
import { openDatabase, tablesWithoutRls, withTenant, type Database } from '@webinar/persistence';
import { CMS_SCHEMA } from '../src/cms.constants';
import { cmsDatabase } from '../src/cms.module';
import { type CmsTestApp, startCmsApp } from './support/cms-test-app';
import { buildCompany, type CompanyFixture } from './support/fixtures';

const COMPANY_TABLES = ['companies', 'seminars', 'registrations', 'grants', 'stream_keys', 'company_settings', 'audit_log'];

describe('cms row-level security', () => {
  let t: CmsTestApp;
  let db: Database;
  let a: CompanyFixture;
  let b: CompanyFixture;

  beforeAll(async () => {
    t = await startCmsApp();
    a = await buildCompany(t, 'RlsA');
    b = await buildCompany(t, 'RlsB');
    await t.call('PUT', '/cms/settings', a.adminToken, { playbackProtocols: ['hls'] });
    await t.call('PUT', '/cms/settings', b.adminToken, { playbackProtocols: ['flv'] });
    db = await openDatabase(cmsDatabase({ dataDir: t.dataDir, ...(t.databaseUrl ? { databaseUrl: t.databaseUrl } : {}) }));
  });

  afterAll(async () => {
    await db?.close();
    await t?.close();
  });

  it('has ENABLE + FORCE row-level security on every table but the outbox and inbox', async () => {
    expect(await tablesWithoutRls(db.dataSource, CMS_SCHEMA, ['outbox', 'inbox'])).toEqual([]);
    const forced: { table: string }[] = await db.dataSource.query(
      `select c.relname as "table" from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = $1 and c.relkind = 'r' and c.relrowsecurity and c.relforcerowsecurity`,
      [CMS_SCHEMA],
    );
    expect(forced.map((r) => r.table)).toEqual(expect.arrayContaining(COMPANY_TABLES));
  });

  it.each(COMPANY_TABLES)('a careless "select * from %s" inside company A sees only A\'s rows', async (table) => {
    const column = table === 'companies' ? 'id' : 'company_id';
    const rows: { owner: string }[] = await withTenant(db.dataSource, { companyId: a.companyId }, (manager) =>
      manager.query(`select ${column}::text as owner from ${CMS_SCHEMA}.${table}`),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.owner))).toEqual(new Set([a.companyId]));
    const all: { owner: string }[] = await withTenant(db.dataSource, { root: true }, (manager) =>
      manager.query(`select ${column}::text as owner from ${CMS_SCHEMA}.${table}`),
    );
    expect(all.map((r) => r.owner)).toEqual(expect.arrayContaining([a.companyId, b.companyId]));
  });

  it('refuses to write a row for another company from inside company A', async () => {
    await expect(
      withTenant(db.dataSource, { companyId: a.companyId }, (manager) =>
        manager.query(`update ${CMS_SCHEMA}.seminars set company_id = $1`, [b.companyId]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('shows nothing at all outside a tenant transaction', async () => {
    const rows: unknown[] = await db.dataSource.query(`select id from ${CMS_SCHEMA}.seminars`);
    expect(rows).toEqual([]);
  });
});
