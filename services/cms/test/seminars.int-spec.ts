// Seminars against the real PostgreSQL: created in the admin's own company, legal transitions only,
// scheduled/live/ended events through the outbox, and root reads only while elevated.
import { randomUUID } from 'node:crypto';
import { type CmsTestApp, eventually, inHours, recordEvents, startCmsApp } from './support/cms-test-app';

interface SeminarView {
  id: string;
  title: string;
  state: string;
  capacity: number;
  timeZone: string;
}

describe('cms seminars', () => {
  let t: CmsTestApp;
  const companyA = randomUUID();
  const companyB = randomUUID();
  let adminA: string;
  let adminB: string;

  const seminarBody = (over: Record<string, unknown> = {}) => ({
    title: 'Rust for managers',
    description: 'Why the borrow checker is your friend',
    startsAt: inHours(24),
    endsAt: inHours(25),
    timeZone: 'Europe/Berlin',
    capacity: 50,
    ...over,
  });

  const create = async (bearer: string, over: Record<string, unknown> = {}) => {
    const response = await t.call('POST', '/cms/seminars', bearer, seminarBody(over));
    expect(response.statusCode).toBe(201);
    return response.json<SeminarView>();
  };

  beforeAll(async () => {
    t = await startCmsApp();
    adminA = await t.token({ role: 'admin', companyId: companyA });
    adminB = await t.token({ role: 'admin', companyId: companyB });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('creates a draft seminar in the admin\'s own company, whatever the body says', async () => {
    const response = await t.call('POST', '/cms/seminars', adminA, { ...seminarBody(), companyId: companyB });
    expect(response.statusCode).toBe(400);

    const seminar = await create(adminA);
    expect(seminar).toMatchObject({ state: 'draft', capacity: 50, timeZone: 'Europe/Berlin' });
    expect((await t.call('GET', `/cms/seminars/${seminar.id}`, adminA)).statusCode).toBe(200);
    const foreign = await t.call('GET', `/cms/seminars/${seminar.id}`, adminB);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json<{ code: string }>().code).toBe('SEMINAR.NOT_FOUND');
  });

  it('validates the schedule and the time zone', async () => {
    const backwards = await t.call('POST', '/cms/seminars', adminA, seminarBody({ startsAt: inHours(3), endsAt: inHours(2) }));
    expect(backwards.statusCode).toBe(400);
    const zone = await t.call('POST', '/cms/seminars', adminA, seminarBody({ timeZone: 'Mars/Olympus' }));
    expect(zone.statusCode).toBe(400);
    const seminar = await create(adminA);
    const patch = await t.call('PATCH', `/cms/seminars/${seminar.id}`, adminA, { endsAt: inHours(1) });
    expect(patch.statusCode).toBe(400);
    expect(patch.json<{ code: string }>().code).toBe('SEMINAR.INVALID_SCHEDULE');
    const ok = await t.call('PATCH', `/cms/seminars/${seminar.id}`, adminA, { title: 'Renamed', capacity: 10 });
    expect(ok.json<SeminarView>()).toMatchObject({ title: 'Renamed', capacity: 10 });
  });

  it('walks draft → scheduled → live → ended → archived and publishes the three events', async () => {
    const events = await recordEvents(t.bus, 'test.seminars', [
      'cms.seminar.scheduled.v1',
      'cms.seminar.live.v1',
      'cms.seminar.ended.v1',
    ]);
    const seminar = await create(adminA, { title: 'Lifecycle' });
    for (const to of ['scheduled', 'live', 'ended', 'archived']) {
      const response = await t.call('POST', `/cms/seminars/${seminar.id}/transitions`, adminA, { to });
      expect(response.statusCode).toBe(200);
      expect(response.json<SeminarView>().state).toBe(to);
    }
    await eventually(t.bus, () => {
      expect(events.map((e) => e.name)).toEqual(['cms.seminar.scheduled.v1', 'cms.seminar.live.v1', 'cms.seminar.ended.v1']);
    });
    expect(events[0]?.payload).toMatchObject({ seminarId: seminar.id, companyId: companyA, title: 'Lifecycle' });
  });

  it('refuses illegal transitions with SEMINAR.ILLEGAL_TRANSITION and edits after going live', async () => {
    const seminar = await create(adminA);
    const skip = await t.call('POST', `/cms/seminars/${seminar.id}/transitions`, adminA, { to: 'live' });
    expect(skip.statusCode).toBe(409);
    expect(skip.json<{ code: string }>().code).toBe('SEMINAR.ILLEGAL_TRANSITION');
    await t.call('POST', `/cms/seminars/${seminar.id}/transitions`, adminA, { to: 'scheduled' });
    await t.call('POST', `/cms/seminars/${seminar.id}/transitions`, adminA, { to: 'live' });
    const edit = await t.call('PATCH', `/cms/seminars/${seminar.id}`, adminA, { title: 'Too late' });
    expect(edit.json<{ code: string }>().code).toBe('SEMINAR.NOT_EDITABLE');
    const foreign = await t.call('POST', `/cms/seminars/${seminar.id}/transitions`, adminB, { to: 'ended' });
    expect(foreign.statusCode).toBe(404);
  });

  it('shows prospects only announced seminars of their own company', async () => {
    const draft = await create(adminA, { title: 'Secret draft' });
    const announced = await create(adminA, { title: 'Announced' });
    await t.call('POST', `/cms/seminars/${announced.id}/transitions`, adminA, { to: 'scheduled' });
    const prospect = await t.token({ role: 'prospect', companyId: companyA });
    const list = (await t.call('GET', '/cms/seminars', prospect)).json<SeminarView[]>();
    expect(list.map((s) => s.id)).toContain(announced.id);
    expect(list.map((s) => s.id)).not.toContain(draft.id);
    expect((await t.call('GET', `/cms/seminars/${draft.id}`, prospect)).statusCode).toBe(404);
    const otherProspect = await t.token({ role: 'prospect', companyId: companyB });
    expect((await t.call('GET', '/cms/seminars', otherProspect)).json<SeminarView[]>()).toEqual([]);
  });

  it('lets root read other companies\' seminars only while elevated', async () => {
    const seminar = await create(adminA, { title: 'Root target' });
    const plainRoot = await t.token({ role: 'root', elevated: false });
    const denied = await t.call('GET', `/cms/seminars/${seminar.id}`, plainRoot);
    expect(denied.statusCode).toBe(403);
    expect(denied.json<{ code: string }>().code).toBe('AUTH.ELEVATION_REQUIRED');
    const elevated = await t.token({ role: 'root', elevated: true });
    expect((await t.call('GET', `/cms/seminars/${seminar.id}`, elevated)).json<SeminarView>().title).toBe('Root target');
    // Root manages no company's seminars, elevated or not.
    expect((await t.call('POST', '/cms/seminars', elevated, seminarBody())).statusCode).toBe(403);
  });
});
