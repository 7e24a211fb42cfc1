// A prospect or customer registers themself for a seminar of their own company. Capacity holds under
// concurrency because the seat is taken by one conditional UPDATE on the seminar row
// (registered_count < capacity), which PostgreSQL serialises on the row lock.
import { Inject, Injectable } from '@nestjs/common';
import { Events } from '@webinar/contracts';
import { enqueue } from '@webinar/messaging';
import { DATABASE, type Database, withTenant } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import { CMS_SCHEMA } from '../cms.constants';
import type { ProfileInput } from '../people/people.schemas';
import { PeopleStore } from '../people/people-store';
import { personSubject } from '../people/person-vault';
import { recordPersonalDataRead } from '../people/personal-data-audit';
import { loadSeminar } from '../seminars/seminar-lookup';
import { SeminarsStore } from '../seminars/seminars-store';
import { acceptsRegistrations } from '../seminars/seminar-state';
import { companyOf, tenantOf } from '../tenancy/tenant-of';
import type { Registration } from './registration.entity';
import { RegistrationsStore } from './registrations-store';
import { RegistrationErrors } from './registration.errors';
import type { AttendeeView, RegistrationView } from './registration.schemas';

function toView(r: Registration): RegistrationView {
  return { id: r.id, seminarId: r.seminarId, userId: r.userId, createdAt: r.createdAt.toISOString() };
}

@Injectable()
export class RegistrationsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly people: PeopleStore,
    private readonly seminars: SeminarsStore,
    private readonly registrations: RegistrationsStore,
  ) {}

  /** `profile`: the registration form's optional "about you", saved (encrypted) with the registration. */
  async register(identity: AccessIdentity, seminarId: string, profile?: ProfileInput): Promise<RegistrationView> {
    const companyId = companyOf(identity);
    return withTenant(this.database.dataSource, { companyId }, async (manager) => {
      const seminar = await loadSeminar(manager, this.seminars, identity, seminarId);
      if (!acceptsRegistrations(seminar.state)) throw RegistrationErrors.closed();
      const registration = await this.registrations.findOf(manager, seminarId, identity.userId);
      if (registration && registration.cancelledAt === null) throw RegistrationErrors.exists();
      if (!(await this.seminars.adjustSeats(manager, seminarId, 1))) throw RegistrationErrors.seminarFull();
      // A concurrent second registration of the same person fails on the unique index and rolls back its seat.
      const saved = registration
        ? await this.registrations.reactivate(manager, registration)
        : await this.registrations.insert(manager, { id: randomUUID(), companyId, seminarId, userId: identity.userId, cancelledAt: null });
      if (profile) await this.people.save(manager, { companyId, userId: identity.userId }, profile);
      await enqueue(manager, CMS_SCHEMA, Events.RegistrationCreated, {
        registrationId: saved.id,
        seminarId,
        companyId,
        userId: identity.userId,
        createdAt: new Date().toISOString(),
      });
      return toView(saved);
    });
  }

  async cancel(identity: AccessIdentity, seminarId: string): Promise<void> {
    const companyId = companyOf(identity);
    await withTenant(this.database.dataSource, { companyId }, async (manager) => {
      await loadSeminar(manager, this.seminars, identity, seminarId, { forUpdate: true });
      const registration = await this.registrations.findActive(manager, seminarId, identity.userId);
      if (!registration) throw RegistrationErrors.notFound();
      const cancelledAt = new Date();
      await this.registrations.cancel(manager, registration.id, cancelledAt);
      await this.seminars.adjustSeats(manager, seminarId, -1);
      await enqueue(manager, CMS_SCHEMA, Events.RegistrationCancelled, {
        registrationId: registration.id,
        seminarId,
        companyId,
        userId: identity.userId,
        cancelledAt: cancelledAt.toISOString(),
      });
    });
  }

  /** The attendee list with decrypted profiles; the read of personal data is audited in the same transaction. */
  async list(identity: AccessIdentity, seminarId: string): Promise<AttendeeView[]> {
    return withTenant(this.database.dataSource, tenantOf(identity), async (manager) => {
      const seminar = await loadSeminar(manager, this.seminars, identity, seminarId);
      const rows = await this.registrations.listActive(manager, seminarId);
      const profiles = await this.people.profilesOf(manager, rows);
      const attendees = rows.map((r) => ({ ...toView(r), profile: profiles.get(personSubject(r)) ?? null }));
      const shown = attendees.filter((a) => a.profile !== null).length;
      await recordPersonalDataRead(manager, identity, {
        companyIds: [seminar.companyId],
        subject: `seminar:${seminar.id}`,
        counts: new Map([[seminar.companyId, shown]]),
      });
      return attendees;
    });
  }
}
