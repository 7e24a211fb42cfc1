// Which services have completed an erasure. The last outcome to arrive closes the request and appends
// the "erased" record to the audit log — under the request id, with per-service outcomes, and nothing
// that names the person.
import type { EntityManager } from 'typeorm';
import { appendAudit } from '../audit/audit-log';
import { PrivacyErasure } from './privacy-erasure.entity';

export const ERASURE_COMPLETED = 'cms.personal-data.erased';

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
  await manager.update(PrivacyErasure, { id: erasure.id }, { outcomes, completedAt });
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
