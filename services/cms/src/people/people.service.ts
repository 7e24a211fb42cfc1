// The admin's lookup of a registrant by e-mail address (blind index; audited as a read of personal
// data). A person's own data ("my data") is me/me.service.ts.
import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database, withTenant } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';
import { tenantOf } from '../tenancy/tenant-of';
import { recordPersonalDataRead } from './personal-data-audit';
import type { PersonView } from './people.schemas';
import { PeopleStore } from './people-store';

@Injectable()
export class PeopleService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly people: PeopleStore,
  ) {}

  findByEmail(identity: AccessIdentity, email: string): Promise<PersonView[]> {
    return withTenant(this.database.dataSource, tenantOf(identity), async (manager) => {
      const found = await this.people.findByEmail(manager, email);
      const counts = new Map<string, number>();
      for (const p of found) counts.set(p.companyId, (counts.get(p.companyId) ?? 0) + 1);
      await recordPersonalDataRead(manager, identity, {
        companyIds: found.map((p) => p.companyId),
        subject: 'people:lookup-by-email',
        counts,
      });
      return found.map((p) => ({ userId: p.userId, profile: p.profile }));
    });
  }
}
