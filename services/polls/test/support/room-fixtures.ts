// Builds a company's room the way cms announces it: events on the bus, into polls's replicas.
import { Events } from '@webinar/contracts';
import { withTenant } from '@webinar/persistence';
import { randomUUID } from 'node:crypto';
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
  await eventually(async () => {
    const seminar = await withTenant(t.database.dataSource, { companyId }, (m) => seminars.find(m, seminarId));
    if (!seminar) throw new Error('seminar not replicated yet');
  });
  return room;
}
