import { PersistenceError } from './errors';
import { tenantPolicySql } from './tenant';

describe('tenantPolicySql', () => {
  it('enables and forces row-level security and checks reads and writes against the tenant', () => {
    const sut = tenantPolicySql('cms', 'seminars');
    const predicate = `"company_id" = nullif(current_setting('app.tenant_id', true), '')::uuid OR current_setting('app.root', true) = 'on'`;
    expect(sut).toEqual([
      'ALTER TABLE "cms"."seminars" ENABLE ROW LEVEL SECURITY',
      'ALTER TABLE "cms"."seminars" FORCE ROW LEVEL SECURITY',
      `CREATE POLICY tenant_isolation ON "cms"."seminars" USING (${predicate}) WITH CHECK (${predicate})`,
    ]);
  });

  it('uses another tenant column when told', () => {
    expect(tenantPolicySql('cms', 'companies', 'id')[2]).toContain(`"id" = nullif(`);
  });

  it('refuses names that are not plain identifiers', () => {
    expect(() => tenantPolicySql('cms', 'x"; drop table y; --')).toThrow(PersistenceError);
  });
});
