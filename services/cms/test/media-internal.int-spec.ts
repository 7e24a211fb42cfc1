// The media tier's internal routes (docs/architecture.md, "Revocations survive media restarts"),
// against PostgreSQL: publish authorisation answers from cms's rows (rotation, grant, seminar state),
// the revocation snapshot replays cms's outbox, both only for requests signed with the internal
// secret. And the reopen event: a seminar ended by the stream goes back to scheduled, by its admin or
// a presenter/moderator with mfa, audited, and its key publishes again.
import { InternalCredential } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import { type CmsTestApp, startCmsApp, TEST_INTERNAL_CREDENTIAL } from './support/cms-test-app';
import { buildCompany, type CompanyFixture } from './support/fixtures';

const AUTHORIZE = '/cms/internal/stream-keys/authorize';
const SNAPSHOT = '/cms/internal/revocations';

interface Snapshot {
  takenAt: string;
  events: { id: string; name: string; occurredAt: string; payload: Record<string, unknown> }[];
}

describe('cms internal routes for the media tier', () => {
  jest.setTimeout(60_000);
  let t: CmsTestApp;
  let a: CompanyFixture;
  let member: string;

  const authorize = async (keyId: string, seminarId = a.seminarId, presenterId = a.memberId) => {
    const r = await t.internal('POST', AUTHORIZE, { keyId, seminarId, presenterId });
    expect(r.statusCode).toBe(200);
    return r.json<{ allowed: boolean; code?: string }>();
  };
  const snapshot = async (): Promise<Snapshot> => {
    const r = await t.internal('GET', SNAPSHOT);
    expect(r.statusCode).toBe(200);
    return r.json<Snapshot>();
  };

  beforeAll(async () => {
    t = await startCmsApp();
    a = await buildCompany(t, 'Internal');
    member = await t.token({ role: 'customer', companyId: a.companyId, userId: a.memberId });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses every request that is not signed with the secret, with one stable code', async () => {
    const body = { keyId: a.streamKeyId, seminarId: a.seminarId, presenterId: a.memberId };
    const other = InternalCredential.fromSecret('another-secret-entirely-0123456789abcdef');
    const attempts = [
      await t.app.inject({ method: 'POST', url: AUTHORIZE, payload: body }),
      await t.app.inject({ method: 'GET', url: SNAPSHOT }),
      // A person's access token (here an admin's) opens nothing.
      await t.call('GET', SNAPSHOT, a.adminToken),
      await t.app.inject({ method: 'GET', url: SNAPSHOT, headers: other.sign('stream.x', 'GET', SNAPSHOT) }),
      // Signed for another body, another path, or too long ago.
      await t.app.inject({ method: 'POST', url: AUTHORIZE, payload: body, headers: TEST_INTERNAL_CREDENTIAL.sign('stream.x', 'POST', AUTHORIZE, { ...body, keyId: randomUUID() }) }),
      await t.app.inject({ method: 'GET', url: SNAPSHOT, headers: TEST_INTERNAL_CREDENTIAL.sign('stream.x', 'GET', AUTHORIZE) }),
      await t.app.inject({ method: 'GET', url: SNAPSHOT, headers: TEST_INTERNAL_CREDENTIAL.sign('stream.x', 'GET', SNAPSHOT, undefined, Date.now() - 120_000) }),
    ];
    for (const r of attempts) {
      expect({ status: r.statusCode, code: r.json<{ code: string }>().code }).toEqual({ status: 401, code: 'INTERNAL.UNAUTHENTICATED' });
      expect(r.body).not.toContain(a.streamKeyId);
    }
  });

  it('validates a signed request like any other: malformed input is 400, never 500', async () => {
    for (const payload of [{}, { keyId: 'x', seminarId: a.seminarId, presenterId: a.memberId }, { ...{ keyId: a.streamKeyId, seminarId: a.seminarId, presenterId: a.memberId }, companyId: a.companyId }]) {
      const r = await t.internal('POST', AUTHORIZE, payload);
      expect({ status: r.statusCode, code: r.json<{ code: string }>().code }).toEqual({ status: 400, code: 'REQUEST.INVALID' });
    }
    const query = await t.internal('GET', `${SNAPSHOT}?since=0`);
    expect(query.statusCode).toBe(400);
  });

  it('allows the current key, refuses a rotated one (REVOKED), a foreign or made-up one (UNKNOWN), and the snapshot names the rotation', async () => {
    expect(await authorize(a.streamKeyId)).toEqual({ allowed: true });
    expect(await authorize(randomUUID())).toEqual({ allowed: false, code: 'STREAM_KEY.UNKNOWN' });
    expect(await authorize(a.streamKeyId, randomUUID())).toEqual({ allowed: false, code: 'STREAM_KEY.UNKNOWN' });
    expect(await authorize(a.streamKeyId, a.seminarId, randomUUID())).toEqual({ allowed: false, code: 'STREAM_KEY.UNKNOWN' });

    const rotated = await t.call('POST', `/cms/seminars/${a.seminarId}/stream-key`, member);
    expect(rotated.statusCode).toBe(201);
    const newKeyId = rotated.json<{ keyId: string }>().keyId;
    expect(await authorize(a.streamKeyId)).toEqual({ allowed: false, code: 'STREAM_KEY.REVOKED' });
    expect(await authorize(newKeyId)).toEqual({ allowed: true });

    const { events } = await snapshot();
    expect(events).toContainEqual(
      expect.objectContaining({ name: 'cms.stream-key.rotated.v1', payload: expect.objectContaining({ keyId: newKeyId, previousKeyId: a.streamKeyId }) }),
    );
    a.streamKeyId = newKeyId;
  });

  it('refuses a key whose presenter grant was withdrawn (GRANT_WITHDRAWN) and the snapshot carries the withdrawal and cancellations', async () => {
    const b = await buildCompany(t, 'Withdrawn');
    const bMember = await t.token({ role: 'customer', companyId: b.companyId, userId: b.memberId });
    expect(await authorize(b.streamKeyId, b.seminarId, b.memberId)).toEqual({ allowed: true });
    expect((await t.call('DELETE', `/cms/seminars/${b.seminarId}/grants/presenter/${b.memberId}`, b.adminToken)).statusCode).toBeLessThan(300);
    expect(await authorize(b.streamKeyId, b.seminarId, b.memberId)).toEqual({ allowed: false, code: 'STREAM_KEY.GRANT_WITHDRAWN' });
    expect((await t.call('DELETE', `/cms/seminars/${b.seminarId}/registration`, bMember)).statusCode).toBeLessThan(300);

    const { events, takenAt } = await snapshot();
    expect(Date.parse(takenAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(events).toContainEqual(
      expect.objectContaining({ name: 'cms.grant.changed.v1', payload: expect.objectContaining({ userId: b.memberId, seminarId: b.seminarId, roles: ['moderator'] }) }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ name: 'cms.registration.cancelled.v1', payload: expect.objectContaining({ userId: b.memberId, seminarId: b.seminarId }) }),
    );
    // Oldest first; only revocation kinds (no seminar or registration-created events).
    const times = events.map((e) => Date.parse(e.occurredAt));
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    expect(new Set(events.map((e) => e.name))).toEqual(new Set(['cms.stream-key.rotated.v1', 'cms.grant.changed.v1', 'cms.registration.cancelled.v1']));
  });

  it('refuses a key once its seminar ended (SEMINAR_ENDED); the moderator reopens it (mfa, audited) and the key publishes again', async () => {
    const c = await buildCompany(t, 'Reopen');
    const moderatorWeak = await t.token({ role: 'customer', companyId: c.companyId, userId: c.memberId, mfa: false });
    const moderator = await t.token({ role: 'customer', companyId: c.companyId, userId: c.memberId });
    const stranger = await t.token({ role: 'customer', companyId: c.companyId });
    const reopen = (bearer: string, seminarId = c.seminarId) => t.call('POST', `/cms/seminars/${seminarId}/reopen`, bearer);

    // Not ended yet: nothing to reopen.
    expect((await reopen(c.adminToken)).json<{ code: string }>().code).toBe('SEMINAR.ILLEGAL_TRANSITION');
    for (const to of ['live', 'ended']) {
      expect((await t.call('POST', `/cms/seminars/${c.seminarId}/transitions`, c.adminToken, { to })).statusCode).toBe(200);
    }
    expect(await authorize(c.streamKeyId, c.seminarId, c.memberId)).toEqual({ allowed: false, code: 'STREAM_KEY.SEMINAR_ENDED' });
    // The generic transition cannot go back; only the reopen event can.
    expect((await t.call('POST', `/cms/seminars/${c.seminarId}/transitions`, c.adminToken, { to: 'scheduled' })).statusCode).toBe(409);

    const refusals = [
      [await reopen(moderatorWeak), 403, 'AUTH.MFA_REQUIRED'],
      [await reopen(stranger), 403, 'SEMINAR.REOPEN_NOT_ALLOWED'],
      [await reopen(a.adminToken), 404, 'SEMINAR.NOT_FOUND'],
      [await reopen(c.adminToken, 'not-a-uuid'), 404, 'SEMINAR.NOT_FOUND'],
    ] as const;
    for (const [r, status, code] of refusals) expect({ status: r.statusCode, code: r.json<{ code: string }>().code }).toEqual({ status, code });

    const reopened = await reopen(moderator);
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({ id: c.seminarId, state: 'scheduled' });
    expect(await authorize(c.streamKeyId, c.seminarId, c.memberId)).toEqual({ allowed: true });
    // A second reopen is not one.
    expect((await reopen(moderator)).json<{ code: string }>().code).toBe('SEMINAR.ILLEGAL_TRANSITION');

    const audit = (await t.call('GET', '/cms/audit?limit=500', c.adminToken)).json<{ action: string; actorId: string; subject: string; details: Record<string, unknown> }[]>();
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'cms.seminar.reopened', actorId: c.memberId, subject: `seminar:${c.seminarId}`, details: expect.objectContaining({ from: 'ended', to: 'scheduled' }) }),
    );
    // The admin may reopen too (after the stream ends it again).
    for (const to of ['live', 'ended']) await t.call('POST', `/cms/seminars/${c.seminarId}/transitions`, c.adminToken, { to });
    expect((await reopen(c.adminToken)).statusCode).toBe(200);
  });
});
