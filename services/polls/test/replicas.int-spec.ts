// The replicas of cms's seminars, registrations and grants converge from the bus, whatever the
// order and however often a message arrives.
import { createEnvelope } from '@webinar/messaging';
import { Events } from '@webinar/contracts';
import { withTenant } from '@webinar/persistence';
import { randomUUID } from 'node:crypto';
import { GrantsStore } from '../src/replicas/grants-store';
import { RegistrationsStore } from '../src/replicas/registrations-store';
import { SeminarsStore } from '../src/replicas/seminars-store';
import { eventually, type PollsTestApp, startPollsApp } from './support/polls-app';

const at = (offsetMs: number): string => new Date(Date.UTC(2026, 11, 1, 10) + offsetMs).toISOString();

describe('polls replicas of cms', () => {
  let t: PollsTestApp;
  beforeAll(async () => {
    t = await startPollsApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const inCompany = <T>(companyId: string, work: Parameters<typeof withTenant<T>>[2]) => withTenant(t.database.dataSource, { companyId }, work);

  it('follows a seminar through its states, even when live arrives before scheduled', async () => {
    const companyId = randomUUID();
    const seminarId = randomUUID();
    const seminars = t.app.get(SeminarsStore);
    await t.bus.publish(Events.SeminarLive, { seminarId, companyId, liveAt: at(2_000) });
    await eventually(async () => expect((await inCompany(companyId, (m) => seminars.find(m, seminarId)))?.state).toBe('live'));
    // The older scheduled brings the title but not its (older) state.
    await t.bus.publish(Events.SeminarScheduled, { seminarId, companyId, title: 'Late details', startsAt: at(1_000), endsAt: null, scheduledAt: at(1_000) });
    await eventually(async () => expect((await inCompany(companyId, (m) => seminars.find(m, seminarId)))?.title).toBe('Late details'));
    expect((await inCompany(companyId, (m) => seminars.find(m, seminarId)))?.state).toBe('live');
    await t.bus.publish(Events.SeminarEnded, { seminarId, companyId, endedAt: at(3_000) });
    await eventually(async () => expect((await inCompany(companyId, (m) => seminars.find(m, seminarId)))?.state).toBe('ended'));
    // Another company does not see it (row-level security).
    expect(await inCompany(randomUUID(), (m) => seminars.find(m, seminarId))).toBeUndefined();
  });

  it('keeps the newest registration state, and a redelivered message has no second effect', async () => {
    const companyId = randomUUID();
    const seminarId = randomUUID();
    const userId = randomUUID();
    const registrationId = randomUUID();
    const registrations = t.app.get(RegistrationsStore);
    const created = createEnvelope(Events.RegistrationCreated, { registrationId, seminarId, companyId, userId, createdAt: at(1_000) });
    await t.bus.publishEnvelope(created);
    await eventually(async () => expect(await inCompany(companyId, (m) => registrations.isRegistered(m, seminarId, userId))).toBe(true));
    await t.bus.publish(Events.RegistrationCancelled, { registrationId, seminarId, companyId, userId, cancelledAt: at(2_000) });
    await eventually(async () => expect(await inCompany(companyId, (m) => registrations.isRegistered(m, seminarId, userId))).toBe(false));
    // The same created message again (redelivery) and an older one: the cancel stands.
    await t.bus.publishEnvelope(created);
    await t.bus.publish(Events.RegistrationCreated, { registrationId, seminarId, companyId, userId, createdAt: at(500) });
    const marker = randomUUID();
    await t.bus.publish(Events.RegistrationCreated, { registrationId: randomUUID(), seminarId, companyId, userId: marker, createdAt: at(0) });
    await eventually(async () => expect(await inCompany(companyId, (m) => registrations.isRegistered(m, seminarId, marker))).toBe(true));
    expect(await inCompany(companyId, (m) => registrations.isRegistered(m, seminarId, userId))).toBe(false);
    // A later re-registration does count.
    await t.bus.publish(Events.RegistrationCreated, { registrationId, seminarId, companyId, userId, createdAt: at(3_000) });
    await eventually(async () => expect(await inCompany(companyId, (m) => registrations.isRegistered(m, seminarId, userId))).toBe(true));
  });

  it('replaces role sets (never accumulates) and ignores an older grant change that arrives late', async () => {
    const companyId = randomUUID();
    const seminarId = randomUUID();
    const userId = randomUUID();
    const person = { companyId, userId };
    const grants = t.app.get(GrantsStore);
    const rolesOn = () => inCompany(companyId, (m) => grants.rolesOn(m, person, seminarId));
    await t.bus.publish(Events.GrantChanged, { ...person, seminarId, roles: ['moderator', 'presenter'], changedAt: at(1_000) });
    await eventually(async () => expect(await rolesOn()).toEqual(['moderator', 'presenter']));
    await t.bus.publish(Events.GrantChanged, { ...person, seminarId, roles: ['moderator'], changedAt: at(3_000) });
    await eventually(async () => expect(await rolesOn()).toEqual(['moderator']));
    // Older than what is stored: ignored, even when it says more.
    await t.bus.publish(Events.GrantChanged, { ...person, seminarId, roles: ['presenter', 'moderator'], changedAt: at(2_000) });
    // A company-wide grant is merged in; once it has landed the older message has been handled too (one queue, in order).
    await t.bus.publish(Events.GrantChanged, { ...person, seminarId: null, roles: ['presenter'], changedAt: at(4_000) });
    await eventually(async () => expect(await rolesOn()).toEqual(['moderator', 'presenter']));
    await t.bus.publish(Events.GrantChanged, { ...person, seminarId: null, roles: [], changedAt: at(5_000) });
    await t.bus.publish(Events.GrantChanged, { ...person, seminarId, roles: [], changedAt: at(5_000) });
    await eventually(async () => expect(await rolesOn()).toEqual([]));
  });
});
