// Erasure's part in registrations. A registration for a seminar still to come (draft, scheduled, live)
// is cancelled and its seat freed, as if the person had cancelled; then every registration of the
// person, past ones included, is cut loose from them (a fresh random user id), so attendance figures
// and seat counts stay right while nothing points back to the person.
import { Events } from '@webinar/contracts';
import { enqueue } from '@webinar/messaging';
import type { EntityManager } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import type { PersonRef } from '../people/person-vault';
import type { SeminarState } from '../seminars/seminar-state';
import type { SeminarsStore } from '../seminars/seminars-store';
import type { RegistrationsStore } from './registrations-store';

const STILL_TO_COME: readonly SeminarState[] = ['draft', 'scheduled', 'live'];

export interface ForgottenRegistrations {
  cancelled: number;
  anonymised: number;
}

/** In the caller's tenant transaction. */
export async function forgetRegistrations(
  manager: EntityManager,
  stores: { registrations: RegistrationsStore; seminars: SeminarsStore },
  person: PersonRef,
): Promise<ForgottenRegistrations> {
  const active = await stores.registrations.activeOf(manager, person);
  const seminars = await stores.seminars.findAll(manager, active.map((r) => r.seminarId));
  const toCome = new Set(seminars.filter((s) => STILL_TO_COME.includes(s.state)).map((s) => s.id));
  let cancelled = 0;
  for (const registration of active.filter((r) => toCome.has(r.seminarId))) {
    const cancelledAt = new Date();
    await stores.registrations.cancel(manager, registration.id, cancelledAt);
    await stores.seminars.adjustSeats(manager, registration.seminarId, -1);
    await enqueue(manager, CMS_SCHEMA, Events.RegistrationCancelled, {
      registrationId: registration.id,
      seminarId: registration.seminarId,
      companyId: person.companyId,
      userId: person.userId,
      cancelledAt: cancelledAt.toISOString(),
    });
    cancelled += 1;
  }
  return { cancelled, anonymised: await stores.registrations.anonymise(manager, person) };
}
