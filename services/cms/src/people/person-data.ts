// Everything cms holds about one person in one company: the profile, the registrations (with the
// seminar they are for) and the per-seminar grants. What "see my data" shows and what cms contributes
// to an export; read inside the person's own tenant transaction.
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { Grant } from '../grants/grant.entity';
import { Registration } from '../registrations/registration.entity';
import { Seminar } from '../seminars/seminar.entity';
import type { ProfileView } from './people.schemas';
import type { PeopleStore } from './people-store';
import type { PersonRef } from './person-vault';

export interface PersonData {
  userId: string;
  companyId: string;
  profile: ProfileView | null;
  registrations: {
    seminarId: string;
    seminarTitle: string | null;
    seminarStartsAt: string | null;
    registeredAt: string;
    cancelledAt: string | null;
  }[];
  grants: { seminarId: string; seminarTitle: string | null; role: string; since: string }[];
}

export async function personDataOf(manager: EntityManager, people: PeopleStore, person: PersonRef): Promise<PersonData> {
  const where = { companyId: person.companyId, userId: person.userId };
  // One transaction, one connection: sequential queries.
  const profile = await people.profileOf(manager, person);
  const registrations = await manager.find(Registration, { where, order: { createdAt: 'ASC' } });
  const grants = await manager.find(Grant, { where, order: { createdAt: 'ASC' } });
  const seminarIds = [...new Set([...registrations, ...grants].map((r) => r.seminarId))];
  const seminars = new Map(
    (seminarIds.length === 0 ? [] : await manager.findBy(Seminar, { id: In(seminarIds) })).map((s) => [s.id, s]),
  );
  return {
    userId: person.userId,
    companyId: person.companyId,
    profile,
    registrations: registrations.map((r) => ({
      seminarId: r.seminarId,
      seminarTitle: seminars.get(r.seminarId)?.title ?? null,
      seminarStartsAt: seminars.get(r.seminarId)?.startsAt.toISOString() ?? null,
      registeredAt: r.createdAt.toISOString(),
      cancelledAt: r.cancelledAt?.toISOString() ?? null,
    })),
    grants: grants.map((g) => ({
      seminarId: g.seminarId,
      seminarTitle: seminars.get(g.seminarId)?.title ?? null,
      role: g.role,
      since: g.createdAt.toISOString(),
    })),
  };
}
