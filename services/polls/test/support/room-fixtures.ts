// Builds a company's room the way cms announces it: events on the bus, into polls's replicas.
import { Events } from '@webinar/contracts';
import { withTenant } from '@webinar/persistence';
import { randomUUID } from 'node:crypto';
import { GrantsStore } from '../../src/replicas/grants-store';
import { RegistrationsStore } from '../../src/replicas/registrations-store';
import { SeminarsStore } from '../../src/replicas/seminars-store';
import { eventually, type PollsTestApp } from './polls-app';

export interface RoomFixture {
  companyId: string;
  seminarId: string;
  attendeeId: string;
  presenterId: string;
  moderatorId: string;
  strangerId: string;
}

const at = (offsetMs = 0): string => new Date(Date.now() + offsetMs).toISOString();

export async function buildRoom(t: PollsTestApp): Promise<RoomFixture> {
  const room = { companyId: randomUUID(), seminarId: randomUUID(), attendeeId: randomUUID(), presenterId: randomUUID(), moderatorId: randomUUID(), strangerId: randomUUID() };
  const { companyId, seminarId } = room;
  await t.bus.publish(Events.SeminarScheduled, { seminarId, companyId, title: 'Room fixture', startsAt: at(60_000), endsAt: at(3_600_000), scheduledAt: at() });
  await t.bus.publish(Events.RegistrationCreated, { registrationId: randomUUID(), seminarId, companyId, userId: room.attendeeId, createdAt: at() });
  await t.bus.publish(Events.GrantChanged, { companyId, userId: room.presenterId, seminarId, roles: ['presenter'], changedAt: at() });
  await t.bus.publish(Events.GrantChanged, { companyId, userId: room.moderatorId, seminarId, roles: ['moderator'], changedAt: at() });
  const seminars = t.app.get(SeminarsStore);
  const registrations = t.app.get(RegistrationsStore);
  const grants = t.app.get(GrantsStore);
  // Each replica has its own queue, so each is awaited: the seminar arriving first says nothing of the others.
  await eventually(async () => {
    const replicated = await withTenant(t.database.dataSource, { companyId }, async (m) => ({
      seminar: (await seminars.find(m, seminarId)) !== undefined,
      registration: await registrations.isRegistered(m, seminarId, room.attendeeId),
      presenter: (await grants.rolesOn(m, { companyId, userId: room.presenterId }, seminarId)).includes('presenter'),
      moderator: (await grants.rolesOn(m, { companyId, userId: room.moderatorId }, seminarId)).includes('moderator'),
    }));
    if (!Object.values(replicated).every(Boolean)) throw new Error(`room not replicated yet: ${JSON.stringify(replicated)}`);
  });
  return room;
}
