// GDPR export, cms's side of the protocol, against the real PostgreSQL: cms publishes the request
// with an ephemeral public key; the other services' parts (played here by the test, encrypted exactly
// as auth and polls do) are checked and stored as ciphertext; the person downloads the assembled JSON
// once, after which the key and the parts are gone; an expired export is deleted. The same flow with
// the real auth and polls processes is deploy/e2e/test/privacy-across-services.e2e-spec.ts.
import { Events } from '@webinar/contracts';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';
import { ExportSweeper } from '../src/privacy/export-sweeper';
import { auditRows, rowsContaining, scheduledSeminar, sealPart, superQuery } from './privacy-support';
import { type CmsTestApp, eventually, recordEvents, startCmsApp } from './support/cms-test-app';

interface ExportStatus {
  id: string;
  status: 'pending';
  expectedServices: string[];
  receivedServices: string[];
}

describe('cms privacy export', () => {
  let t: CmsTestApp;
  const companyId = randomUUID();
  const userId = randomUUID();
  const email = `dana.${randomUUID().slice(0, 8)}@example.test`;
  const name = `Dana Exportwell ${randomUUID().slice(0, 8)}`;
  let person: string;
  let requests: { name: string; payload: Record<string, unknown> }[];

  const part = (exportId: string, service: string, jwe: string) =>
    t.bus.publish(Events.PrivacyExportPart, { requestId: exportId, companyId, service, jwe, answeredAt: new Date().toISOString() });
  const publicKeyOf = (exportId: string): JWK => {
    const request = requests.find((r) => r.payload['requestId'] === exportId);
    if (!request) throw new Error(`no export request ${exportId} on the bus`);
    return request.payload['publicKey'] as JWK;
  };
  const fetchExport = (id: string, token = person) => t.call('GET', `/cms/me/exports/${id}`, token);

  beforeAll(async () => {
    t = await startCmsApp();
    requests = await recordEvents(t.bus, 'test.privacy.requests', [Events.PrivacyExportRequested]);
    const admin = await t.token({ role: 'admin', companyId });
    person = await t.token({ role: 'customer', companyId, userId });
    const seminar = await scheduledSeminar(t, admin, 'Export seminar');
    await t.call('POST', `/cms/seminars/${seminar}/registration`, person, { displayName: name, email });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('assembles parts from every service into one download, delivered once, with no plaintext left anywhere', async () => {
    const started = await t.call('POST', '/cms/me/export', person);
    expect(started.statusCode).toBe(202);
    const status = started.json<ExportStatus>();
    expect(status).toMatchObject({ status: 'pending', expectedServices: ['cms', 'auth', 'polls'], receivedServices: ['cms'] });
    // One open export per person: asking again answers the same one.
    expect((await t.call('POST', '/cms/me/export', person)).json<ExportStatus>().id).toBe(status.id);

    await eventually(t.bus, () => expect(requests.filter((r) => r.payload['requestId'] === status.id)).toHaveLength(1));
    const request = requests.find((r) => r.payload['requestId'] === status.id)!;
    expect(request.payload).toMatchObject({ userId, companyId });
    expect(Object.keys(publicKeyOf(status.id)).sort()).toEqual(['crv', 'kty', 'x', 'y']);

    // auth's part (with the account's address) and polls' (empty), as those services send them.
    const authData = { account: { id: userId, email, role: 'customer', status: 'active' }, sessions: [] };
    await part(status.id, 'auth', await sealPart(publicKeyOf(status.id), { rid: status.id, svc: 'auth' }, authData));
    await t.bus.waitForIdle();
    const halfway = await fetchExport(status.id);
    expect(halfway.statusCode).toBe(200);
    expect(halfway.headers['cache-control']).toBe('no-store');
    expect(halfway.headers['content-disposition']).toBeUndefined();
    expect(halfway.json<ExportStatus>().receivedServices).toEqual(['cms', 'auth']);

    await part(status.id, 'polls', await sealPart(publicKeyOf(status.id), { rid: status.id, svc: 'polls' }, { answers: [] }));
    await t.bus.waitForIdle();
    // The parts are stored as they came: ciphertext. No table holds the address or the name.
    const stored = await superQuery<{ service: string; jwe: string }>(t, 'select service, jwe from cms.privacy_export_parts where export_id = $1', [status.id]);
    expect(stored.map((s) => s.service).sort()).toEqual(['auth', 'polls']);
    expect(await rowsContaining(t, [email, name])).toEqual([]);

    const download = await fetchExport(status.id);
    expect(download.statusCode).toBe(200);
    expect(download.headers['cache-control']).toBe('no-store');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="personal-data-${status.id}.json"`);
    expect(download.json()).toMatchObject({
      exportId: status.id,
      status: 'complete',
      subject: { userId, companyId },
      services: {
        auth: authData,
        polls: { answers: [] },
        cms: { profile: { displayName: name, email }, registrations: [{ seminarTitle: 'Export seminar', cancelledAt: null }], grants: [] },
      },
    });

    // Delivered once: the key and the parts are deleted, a second download is refused.
    const again = await fetchExport(status.id);
    expect({ status: again.statusCode, code: again.json<{ code: string }>().code }).toEqual({ status: 410, code: 'PRIVACY.EXPORT_DELIVERED' });
    const [row] = await superQuery<{ private_key_cipher: string | null; delivered_at: Date | null }>(
      t,
      'select private_key_cipher, delivered_at from cms.privacy_exports where id = $1',
      [status.id],
    );
    expect(row).toMatchObject({ private_key_cipher: null, delivered_at: expect.any(Date) });
    expect(await superQuery(t, 'select 1 from cms.privacy_export_parts where export_id = $1', [status.id])).toEqual([]);
    const [audited] = await auditRows(t, 'cms.personal-data.exported');
    expect(audited).toMatchObject({ company_id: companyId, actor_id: userId, subject: `privacy-export:${status.id}`, details: { services: 'auth,cms,polls' } });
    expect(audited!.text).not.toContain(email);
  });

  it('keeps the private key only sealed: the outbox carries the public half, the table a v1 ciphertext', async () => {
    const started = (await t.call('POST', '/cms/me/export', person)).json<ExportStatus>();
    const [row] = await superQuery<{ private_key_cipher: string }>(t, 'select private_key_cipher from cms.privacy_exports where id = $1', [started.id]);
    expect(row!.private_key_cipher).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    const [outbox] = await superQuery<{ payload: { publicKey: Record<string, string> } }>(
      t,
      `select payload from cms.outbox where name = 'privacy.export.requested.v1' and payload->>'requestId' = $1`,
      [started.id],
    );
    expect(Object.keys(outbox!.payload.publicKey).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(JSON.stringify(outbox)).not.toContain('"d"');
  });

  it('drops parts that are not for this export, not from an expected service, or not encrypted to its key', async () => {
    // The previous test left this person's second export open.
    const open = (await t.call('POST', '/cms/me/export', person)).json<ExportStatus>();
    await eventually(t.bus, () => expect(requests.some((r) => r.payload['requestId'] === open.id)).toBe(true));
    const key = publicKeyOf(open.id);
    const otherKey = await exportJWK((await generateKeyPair('ECDH-ES', { crv: 'P-256', extractable: true })).publicKey);
    await part(open.id, 'auth', await sealPart(key, { rid: randomUUID(), svc: 'auth' }, { forged: 'other export' }));
    await part(open.id, 'auth', await sealPart(key, { rid: open.id, svc: 'polls' }, { forged: 'other service' }));
    await part(open.id, 'auth', await sealPart(otherKey, { rid: open.id, svc: 'auth' }, { forged: 'other key' }));
    await part(open.id, 'stranger', await sealPart(key, { rid: open.id, svc: 'stranger' }, { forged: 'unexpected service' }));
    await part(randomUUID(), 'auth', await sealPart(key, { rid: open.id, svc: 'auth' }, { forged: 'unknown export' }));
    await t.bus.waitForIdle();
    expect(await superQuery(t, 'select service from cms.privacy_export_parts where export_id = $1', [open.id])).toEqual([]);
    expect(t.bus.deadLetters).toEqual([]);
    expect((await fetchExport(open.id)).json<ExportStatus>().receivedServices).toEqual(['cms']);
  });

  it('shows an export to its person only: same-company colleagues, admins and root get no such export', async () => {
    const open = (await t.call('POST', '/cms/me/export', person)).json<ExportStatus>();
    const colleague = await t.token({ role: 'customer', companyId });
    expect((await fetchExport(open.id, colleague)).statusCode).toBe(404);
    expect((await fetchExport(open.id, await t.token({ role: 'admin', companyId }))).statusCode).toBe(404);
    expect((await fetchExport(open.id, await t.token({ role: 'root', elevated: true }))).statusCode).toBe(403);
    expect((await fetchExport('not-a-uuid')).statusCode).toBe(404);
  });

  it('deletes an expired export with its key and parts: on access, and by the sweeper', async () => {
    const open = (await t.call('POST', '/cms/me/export', person)).json<ExportStatus>();
    await eventually(t.bus, () => expect(requests.some((r) => r.payload['requestId'] === open.id)).toBe(true));
    await part(open.id, 'polls', await sealPart(publicKeyOf(open.id), { rid: open.id, svc: 'polls' }, { answers: [] }));
    await t.bus.waitForIdle();
    expect(await superQuery(t, 'select 1 from cms.privacy_export_parts where export_id = $1', [open.id])).toHaveLength(1);
    await superQuery(t, `update cms.privacy_exports set expires_at = now() - interval '1 second' where id = $1`, [open.id]);

    const expired = await fetchExport(open.id);
    expect({ status: expired.statusCode, code: expired.json<{ code: string }>().code }).toEqual({ status: 404, code: 'PRIVACY.EXPORT_NOT_FOUND' });
    expect(await superQuery(t, 'select 1 from cms.privacy_exports where id = $1', [open.id])).toEqual([]);
    expect(await superQuery(t, 'select 1 from cms.privacy_export_parts where export_id = $1', [open.id])).toEqual([]);

    // Nobody reads the next one before it expires: the sweeper deletes it.
    const unread = (await t.call('POST', '/cms/me/export', person)).json<ExportStatus>();
    expect(unread.id).not.toBe(open.id);
    await superQuery(t, `update cms.privacy_exports set expires_at = now() - interval '1 second' where id = $1`, [unread.id]);
    expect(await t.app.get(ExportSweeper).sweep()).toBeGreaterThanOrEqual(1);
    expect(await superQuery(t, 'select 1 from cms.privacy_exports where id = $1', [unread.id])).toEqual([]);
  });
});
