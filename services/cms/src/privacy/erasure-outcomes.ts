// Which services have completed an erasure. The last outcome to arrive closes the request and appends
// the "erased" record to the audit log — under the request id, with per-service outcomes, and nothing
// that names the person.
import type { EntityManager } from 'typeorm';
import { appendAudit } from '../audit/audit-log';
import type { PrivacyErasure } from './privacy-erasure.entity';
import { PrivacyErasuresStore } from './privacy-erasures-store';

export const ERASURE_COMPLETED = 'cms.personal-data.erased';

// The store holds no state. It is built here, not injected, because the privacy consumer calls this
// function with only its transaction at hand; once consumers are declared handlers, inject it.
const erasures = new PrivacyErasuresStore();

/** In the caller's tenant transaction. Returns false when the outcome was already recorded. */
export async function recordErasureOutcome(
  manager: EntityManager,
  erasure: PrivacyErasure,
  service: string,
  outcome: string,
): Promise<boolean> {
  if (erasure.outcomes[service] !== undefined) return false;
  const outcomes = { ...erasure.outcomes, [service]: outcome };
  const done = erasure.expectedServices.every((s) => outcomes[s] !== undefined);
  const completedAt = done ? new Date() : null;
  await erasures.saveOutcomes(manager, erasure.id, outcomes, completedAt);
  erasure.outcomes = outcomes;
  erasure.completedAt = completedAt;
  if (completedAt) {
    await appendAudit(manager, {
      companyId: erasure.companyId,
      actorId: null,
      action: ERASURE_COMPLETED,
      subject: `privacy-erasure:${erasure.id}`,
      occurredAt: completedAt,
      details: Object.fromEntries(Object.entries(outcomes).map(([s, o]) => [`outcome:${s}`, o])),
    });
  }
  return true;
}
