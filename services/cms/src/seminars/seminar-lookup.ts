// Loading a seminar inside a tenant transaction. Row-level security already hides other companies'
// seminars; on top, prospects and customers never see drafts or archived ones.
import type { AccessIdentity } from '@webinar/security';
import type { EntityManager } from 'typeorm';
import { isUuid } from '@webinar/contracts';
import { isVisibleToAudience } from './seminar-state';
import type { Seminar } from './seminar.entity';
import { SeminarErrors } from './seminar.errors';
import type { SeminarView } from './seminar.schemas';
import type { SeminarsStore } from './seminars-store';

function seesEveryState(identity: AccessIdentity): boolean {
  return identity.role === 'admin' || identity.role === 'root';
}

export function isVisibleTo(identity: AccessIdentity, seminar: Seminar): boolean {
  return seesEveryState(identity) || isVisibleToAudience(seminar.state);
}

/** @throws SEMINAR.NOT_FOUND for a malformed id, another company's seminar, or one the caller may not see. */
export async function loadSeminar(
  manager: EntityManager,
  seminars: SeminarsStore,
  identity: AccessIdentity,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<Seminar> {
  if (!isUuid(id)) throw SeminarErrors.notFound();
  const seminar = await seminars.find(manager, id, opts);
  if (!seminar || !isVisibleTo(identity, seminar)) throw SeminarErrors.notFound();
  return seminar;
}

export function toSeminarView(s: Seminar): SeminarView {
  return {
    id: s.id,
    title: s.title,
    description: s.description,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    timeZone: s.timeZone,
    capacity: s.capacity,
    registeredCount: s.registeredCount,
    state: s.state,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
