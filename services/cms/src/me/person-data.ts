// Everything cms holds about one person in one company: the profile, the registrations (with the
// seminar they are for) and the per-seminar grants. What "see my data" shows and what cms contributes
// to an export; read inside the person's own tenant transaction.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { GrantsStore } from '../grants/grants-store';
import { RegistrationsStore } from '../registrations/registrations-store';
import { SeminarsStore } from '../seminars/seminars-store';
import type { Grant } from '../grants/grant.entity';
import type { Registration } from '../registrations/registration.entity';
import type { Seminar } from '../seminars/seminar.entity';
import type { ProfileView } from '../people/people.schemas';
import { PeopleStore } from '../people/people-store';
import type { PersonRef } from '../people/person-vault';
import type { PersonData } from './me.schemas';

@Injectable()
export class PersonDataReader {
  constructor(
    private readonly people: PeopleStore,
    private readonly registrations: RegistrationsStore,
    private readonly grants: GrantsStore,
    private readonly seminars: SeminarsStore,
  ) {}

  async read(manager: EntityManager, person: PersonRef): Promise<PersonData> {
    // One transaction, one connection: sequential queries.
    const profile = await this.people.profileOf(manager, person);
    const registrations = await this.registrations.allOf(manager, person);
    const grants = await this.grants.allOf(manager, person);
    const seminarIds = [...new Set([...registrations, ...grants].map((r) => r.seminarId))];
    const seminars = new Map((await this.seminars.findAll(manager, seminarIds)).map((s) => [s.id, s]));
    return personDataFrom(person, profile, registrations, grants, seminars);
  }
}

function personDataFrom(
  person: PersonRef,
  profile: ProfileView | null,
  registrations: Registration[],
  grants: Grant[],
  seminars: Map<string, Seminar>,
): PersonData {
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
