// Erasure's part in registrations. A registration for a seminar still to come (draft, scheduled, live)
// is cancelled and its seat freed, as if the person had cancelled; then every registration of the
// person, past ones included, is cut loose from them (a fresh random user id), so attendance figures
// and seat counts stay right while nothing points back to the person.
import { Events } from '@webinar/contracts';
import { enqueue } from '@webinar/messaging';
import { In, IsNull, type EntityManager } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import type { PersonRef } from '../people/person-vault';
import { Seminar } from '../seminars/seminar.entity';
import type { SeminarState } from '../seminars/seminar-state';
import { Registration } from './registration.entity';
import { adjustSeats } from './seats';

const STILL_TO_COME: readonly SeminarState[] = ['draft', 'scheduled', 'live'];

export interface ForgottenRegistrations {
  cancelled: number;
  anonymised: number;
}

/** In the caller's tenant transaction. */
export async function forgetRegistrations(manager: EntityManager, person: PersonRef): Promise<ForgottenRegistrations> {
  const active = await manager.find(Registration, {
    where: { companyId: person.companyId, userId: person.userId, cancelledAt: IsNull() },
  });
  const seminars = active.length === 0 ? [] : await manager.findBy(Seminar, { id: In(active.map((r) => r.seminarId)) });
  const toCome = new Set(seminars.filter((s) => STILL_TO_COME.includes(s.state)).map((s) => s.id));
  let cancelled = 0;
  for (const registration of active.filter((r) => toCome.has(r.seminarId))) {
    const cancelledAt = new Date();
    await manager.update(Registration, { id: registration.id }, { cancelledAt });
    await adjustSeats(manager, registration.seminarId, -1);
    await enqueue(manager, CMS_SCHEMA, Events.RegistrationCancelled, {
      registrationId: registration.id,
      seminarId: registration.seminarId,
      companyId: person.companyId,
      userId: person.userId,
      cancelledAt: cancelledAt.toISOString(),
    });
    cancelled += 1;
  }
  // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count]. gen_random_uuid() is
  // evaluated per row, so no two anonymised rows share an id (the unique index stays satisfied).
  const anonymised: unknown[] = await manager.query(
    `WITH changed AS (
       UPDATE "${CMS_SCHEMA}"."registrations" SET user_id = gen_random_uuid()
        WHERE company_id = $1 AND user_id = $2 RETURNING id)
     SELECT id FROM changed`,
    [person.companyId, person.userId],
  );
  return { cancelled, anonymised: anonymised.length };
}
