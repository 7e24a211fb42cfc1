// The audit log: records written with the changes they describe (grants, key rotations), consumed from
// the bus (other services' audit events, viewers joining and leaving), every request of elevated root; one hash
// chain per company that its admin reads; append-only for the app; tampering found by verification.
import { Events } from '@webinar/contracts';
import { openDatabase, withTenant, type Database } from '@webinar/persistence';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { verifyAuditLog } from '../src/audit/audit-verification';
import { cmsDatabase } from '../src/cms.module';
import { type CmsTestApp, startCmsApp } from './support/cms-test-app';
import { buildCompany, type CompanyFixture } from './support/fixtures';

interface EntryView {
  chain: string | null;
  seq: number;
  action: string;
  actorId: string | null;
  subject: string | null;
  details: Record<string, unknown>;
}

describe('cms audit log', () => {
  let t: CmsTestApp;
  let db: Database;
  let a: CompanyFixture;
  let b: CompanyFixture;

  const auditOf = async (bearer: string) => (await t.call('GET', '/cms/audit?limit=500', bearer)).json<EntryView[]>();

  beforeAll(async () => {
    t = await startCmsApp();
    a = await buildCompany(t, 'AuditA');
    b = await buildCompany(t, 'AuditB');
    db = await openDatabase(cmsDatabase({ dataDir: t.dataDir, ...(t.databaseUrl ? { databaseUrl: t.databaseUrl } : {}) }));
  });

  afterAll(async () => {
    await db?.close();
    await t?.close();
  });

  it('records grant changes and key rotations in the company\'s own chain, shown to its admin only', async () => {
    const entries = await auditOf(a.adminToken);
    expect(entries.map((e) => e.action).sort()).toEqual(['cms.grant.changed', 'cms.grant.changed', 'cms.stream-key.rotated']);
    expect(entries.every((e) => e.chain === a.companyId)).toBe(true);
    expect(entries.map((e) => e.seq).sort()).toEqual([1, 2, 3]);
    expect(JSON.stringify(entries)).not.toContain(b.companyId);
  });

  it('records audit events and viewer sessions from the bus, once per message', async () => {
    const viewerSessionId = randomUUID();
    const messageId = randomUUID();
    const login = { actorId: a.memberId, companyId: a.companyId, action: 'auth.login', at: new Date().toISOString(), details: { method: 'link' } };
    await t.bus.publish(Events.AuditRecorded, login, { id: messageId });
    await t.bus.publish(Events.AuditRecorded, login, { id: messageId }); // redelivery
    await t.bus.publish(Events.ViewerJoined, { seminarId: a.seminarId, companyId: a.companyId, userId: a.memberId, viewerSessionId, joinedAt: new Date().toISOString() });
    await t.bus.publish(Events.ViewerLeft, { seminarId: a.seminarId, companyId: a.companyId, userId: a.memberId, viewerSessionId, leftAt: new Date().toISOString() });
    await t.bus.waitForIdle();

    const entries = await auditOf(a.adminToken);
    expect(entries.filter((e) => e.action === 'auth.login')).toHaveLength(1);
    expect(entries.filter((e) => e.action.startsWith('stream.viewer.')).map((e) => e.action).sort()).toEqual([
      'stream.viewer.joined',
      'stream.viewer.left',
    ]);
    expect((await auditOf(b.adminToken)).some((e) => e.action === 'auth.login')).toBe(false);
  });

  it('records every request by elevated root (any method, refused ones too) in the platform chain, which admins do not see', async () => {
    const rootId = randomUUID();
    const sessionId = randomUUID();
    const root = await t.token({ role: 'root', elevated: true, userId: rootId, sessionId });
    expect((await t.call('GET', `/cms/seminars/${a.seminarId}`, root)).statusCode).toBe(200);
    expect((await t.call('POST', '/cms/companies', root, { name: 'Audited Co' })).statusCode).toBe(201);
    expect((await t.call('POST', '/cms/companies', root, { name: '' })).statusCode).toBe(400);
    expect((await t.call('GET', `/cms/companies/${randomUUID()}`, root)).statusCode).toBe(404);
    const mine = (await auditOf(root)).filter((e) => e.actorId === rootId && e.action === 'cms.elevated-request');
    expect(mine.map((e) => ({ chain: e.chain, subject: e.subject, details: e.details }))).toEqual(
      expect.arrayContaining([
        { chain: null, subject: 'GET /cms/seminars/:id', details: { sessionId, outcome: 'ok' } },
        { chain: null, subject: 'POST /cms/companies', details: { sessionId, outcome: 'ok' } },
        { chain: null, subject: 'POST /cms/companies', details: { sessionId, outcome: 'failed', status: 400, code: 'REQUEST.INVALID' } },
        { chain: null, subject: 'GET /cms/companies/:id', details: { sessionId, outcome: 'failed', status: 404, code: 'COMPANY.NOT_FOUND' } },
      ]),
    );
    expect((await auditOf(a.adminToken)).some((e) => e.action === 'cms.elevated-request')).toBe(false);
  });

  it('does not record requests by root without elevation', async () => {
    const rootId = randomUUID();
    const plain = await t.token({ role: 'root', elevated: false, userId: rootId });
    expect((await t.call('POST', '/cms/companies', plain, { name: 'Unaudited Co' })).statusCode).toBe(201);
    const reader = await t.token({ role: 'root', elevated: true });
    expect((await auditOf(reader)).some((e) => e.actorId === rootId)).toBe(false);
  });

  it('is append-only for the application', async () => {
    await expect(
      withTenant(db.dataSource, { companyId: a.companyId }, (m) => m.query(`update cms.audit_log set action = 'x'`)),
    ).rejects.toThrow(/append-only/);
    await expect(
      withTenant(db.dataSource, { companyId: a.companyId }, (m) => m.query(`delete from cms.audit_log`)),
    ).rejects.toThrow(/append-only/);
  });

  it('verifies intact chains and reports the first broken link after tampering', async () => {
    const intact = await verifyAuditLog(db.dataSource);
    expect(intact.broken).toEqual([]);
    expect(intact.chains).toBeGreaterThanOrEqual(3);

    // Only a superuser can get past the trigger; the chain still tells.
    const superuser = new Client({ connectionString: t.databaseUrl });
    await superuser.connect();
    try {
      await superuser.query('alter table cms.audit_log disable trigger audit_log_no_update_delete');
      await superuser.query(`update cms.audit_log set details = '{"userId":"forged","roles":"presenter"}' where company_id = $1 and seq = 2`, [a.companyId]);
      await superuser.query('alter table cms.audit_log enable trigger audit_log_no_update_delete');
    } finally {
      await superuser.end();
    }
    const tampered = await verifyAuditLog(db.dataSource);
    expect(tampered.broken).toEqual([expect.objectContaining({ chain: a.companyId, seq: 2, reason: 'content hash mismatch' })]);
  });
});
