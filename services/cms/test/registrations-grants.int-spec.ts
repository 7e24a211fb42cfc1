// Registrations (self-service, capacity enforced atomically) and per-seminar grants given and
// withdrawn by the company's admin, with their events.
import { randomUUID } from 'node:crypto';
import { type CmsTestApp, eventually, inHours, recordEvents, startCmsApp } from './support/cms-test-app';

describe('cms registrations and grants', () => {
  let t: CmsTestApp;
  const companyA = randomUUID();
  let adminA: string;

  const scheduledSeminar = async (capacity: number): Promise<string> => {
    const created = await t.call('POST', '/cms/seminars', adminA, {
      title: 'Capacity',
      startsAt: inHours(2),
      endsAt: inHours(3),
      timeZone: 'UTC',
      capacity,
    });
    const id = created.json<{ id: string }>().id;
    expect((await t.call('POST', `/cms/seminars/${id}/transitions`, adminA, { to: 'scheduled' })).statusCode).toBe(200);
    return id;
  };

  beforeAll(async () => {
    t = await startCmsApp();
    adminA = await t.token({ role: 'admin', companyId: companyA });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('registers the caller, refuses a second registration and publishes created/cancelled', async () => {
    const events = await recordEvents(t.bus, 'test.registrations', ['cms.registration.created.v1', 'cms.registration.cancelled.v1']);
    const seminarId = await scheduledSeminar(5);
    const userId = randomUUID();
    const prospect = await t.token({ role: 'prospect', companyId: companyA, userId });

    const registered = await t.call('POST', `/cms/seminars/${seminarId}/registration`, prospect);
    expect(registered.statusCode).toBe(201);
    expect(registered.json()).toMatchObject({ seminarId, userId });
    const again = await t.call('POST', `/cms/seminars/${seminarId}/registration`, prospect);
    expect(again.json<{ code: string }>().code).toBe('REGISTRATION.EXISTS');
    expect((await t.call('DELETE', `/cms/seminars/${seminarId}/registration`, prospect)).statusCode).toBe(204);
    expect((await t.call('DELETE', `/cms/seminars/${seminarId}/registration`, prospect)).json<{ code: string }>().code).toBe(
      'REGISTRATION.NOT_FOUND',
    );

    await eventually(t.bus, () => {
      expect(events.map((e) => e.name)).toEqual(['cms.registration.created.v1', 'cms.registration.cancelled.v1']);
    });
    expect(events[0]?.payload).toMatchObject({ seminarId, companyId: companyA, userId });
    const seminar = (await t.call('GET', `/cms/seminars/${seminarId}`, adminA)).json<{ registeredCount: number }>();
    expect(seminar.registeredCount).toBe(0);
  });

  it('never overbooks: 12 concurrent registrations for 5 seats give exactly 5 places', async () => {
    const seminarId = await scheduledSeminar(5);
    const tokens = await Promise.all(
      Array.from({ length: 12 }, () => t.token({ role: 'customer', companyId: companyA })),
    );
    const responses = await Promise.all(tokens.map((bearer) => t.call('POST', `/cms/seminars/${seminarId}/registration`, bearer)));
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(responses.filter((r) => r.statusCode === 409).map((r) => r.json<{ code: string }>().code)).toEqual(
      Array(7).fill('SEMINAR.FULL'),
    );
    const list = (await t.call('GET', `/cms/seminars/${seminarId}/registrations`, adminA)).json<unknown[]>();
    expect(list).toHaveLength(5);
  });

  it('refuses registration for a draft (invisible) seminar and for another company', async () => {
    const draft = await t.call('POST', '/cms/seminars', adminA, {
      title: 'Draft',
      startsAt: inHours(2),
      endsAt: inHours(3),
      timeZone: 'UTC',
      capacity: 3,
    });
    const prospect = await t.token({ role: 'prospect', companyId: companyA });
    expect((await t.call('POST', `/cms/seminars/${draft.json<{ id: string }>().id}/registration`, prospect)).statusCode).toBe(404);
    const seminarId = await scheduledSeminar(3);
    const foreign = await t.token({ role: 'prospect', companyId: randomUUID() });
    expect((await t.call('POST', `/cms/seminars/${seminarId}/registration`, foreign)).statusCode).toBe(404);
  });

  it('gives and withdraws presenter/moderator grants with the full role set on the bus', async () => {
    const events = await recordEvents(t.bus, 'test.grants', ['cms.grant.changed.v1']);
    const seminarId = await scheduledSeminar(3);
    const userId = randomUUID();
    expect((await t.call('PUT', `/cms/seminars/${seminarId}/grants/presenter/${userId}`, adminA)).statusCode).toBe(200);
    expect((await t.call('PUT', `/cms/seminars/${seminarId}/grants/presenter/${userId}`, adminA)).statusCode).toBe(200);
    expect((await t.call('PUT', `/cms/seminars/${seminarId}/grants/moderator/${userId}`, adminA)).statusCode).toBe(200);
    const grants = (await t.call('GET', `/cms/seminars/${seminarId}/grants`, adminA)).json<{ role: string }[]>();
    expect(grants.map((g) => g.role).sort()).toEqual(['moderator', 'presenter']);
    expect((await t.call('DELETE', `/cms/seminars/${seminarId}/grants/presenter/${userId}`, adminA)).statusCode).toBe(204);
    const missing = await t.call('DELETE', `/cms/seminars/${seminarId}/grants/presenter/${userId}`, adminA);
    expect(missing.json<{ code: string }>().code).toBe('GRANT.NOT_FOUND');
    expect((await t.call('PUT', `/cms/seminars/${seminarId}/grants/owner/${userId}`, adminA)).statusCode).toBe(404);

    const customer = await t.token({ role: 'customer', companyId: companyA });
    expect((await t.call('PUT', `/cms/seminars/${seminarId}/grants/presenter/${userId}`, customer)).statusCode).toBe(403);

    // The idempotent second PUT published nothing.
    await eventually(t.bus, () => {
      expect(events.map((e) => e.payload['roles'])).toEqual([['presenter'], ['moderator', 'presenter'], ['moderator']]);
    });
    expect(events[0]?.payload).toMatchObject({ companyId: companyA, userId, seminarId });
  });
});
