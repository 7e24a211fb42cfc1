// The role rule for a registration: only a prospect becomes a customer. Admin, root and customer are
// left alone (a registration never downgrades anyone).
import { Events } from '@webinar/contracts';
import { enqueue } from '@webinar/messaging';
import type { EntityManager } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';

export type PromotionOutcome = 'promoted' | 'unchanged' | 'unknown-user';

const users = `"${AUTH_SCHEMA}"."users"`;

/**
 * Runs in the caller's transaction (the inbox's), which the consumer's declaration scoped to the
 * registration's company, so row-level security limits the change to a user of that company: a
 * registration event cannot promote someone of another company, even if its payload says so.
 */
export async function promoteProspectToCustomer(
  manager: EntityManager,
  registration: { userId: string; companyId: string },
): Promise<PromotionOutcome> {
  // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], not the rows.
  const promoted: unknown[] = await manager.query(
    `WITH promoted AS (
       UPDATE ${users} SET role = 'customer' WHERE id = $1 AND company_id = $2 AND role = 'prospect' RETURNING id)
     SELECT id FROM promoted`,
    [registration.userId, registration.companyId],
  );
  if (promoted.length === 0) {
    const existing: unknown[] = await manager.query(`SELECT 1 FROM ${users} WHERE id = $1 AND company_id = $2`, [
      registration.userId,
      registration.companyId,
    ]);
    return existing.length === 0 ? 'unknown-user' : 'unchanged';
  }
  // Tokens issued so far say "prospect": revoke them everywhere; the next one says "customer".
  await enqueue(manager, AUTH_SCHEMA, Events.UserRevoked, {
    userId: registration.userId,
    companyId: registration.companyId,
    revokedAt: new Date().toISOString(),
    reason: 'role changed to customer',
  });
  return 'promoted';
}
