// Self-service "my data": see and edit, the person always taken from the token. Above people,
// registrations, seminars and grants, because what a person sees of themselves spans them all.
import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database, withTenant } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';
import type { ProfileInput, ProfileView } from '../people/people.schemas';
import { PeopleStore } from '../people/people-store';
import { companyOf } from '../tenancy/tenant-of';
import { PersonDataReader } from './person-data';
import type { PersonData } from './me.schemas';

@Injectable()
export class MeService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly people: PeopleStore,
    private readonly personData: PersonDataReader,
  ) {}

  read(identity: AccessIdentity): Promise<PersonData> {
    const companyId = companyOf(identity);
    return withTenant(this.database.dataSource, { companyId }, (manager) =>
      this.personData.read(manager, { companyId, userId: identity.userId }),
    );
  }

  update(identity: AccessIdentity, input: ProfileInput): Promise<ProfileView> {
    const companyId = companyOf(identity);
    return withTenant(this.database.dataSource, { companyId }, (manager) =>
      this.people.save(manager, { companyId, userId: identity.userId }, input),
    );
  }
}
