// Per-seminar rights (presenter, moderator) are privileges, like the admin's: whatever they enable
// needs a session opened with password + second factor. The guard cannot see grants (they are not
// global roles), so the one function that reads them for a decision enforces it: holding a grant
// without an mfa token is refused with AUTH.MFA_REQUIRED, and a new action that checks a grant cannot
// forget to ask for mfa.
import { type AccessIdentity, assertMfa } from '@webinar/security';
import type { EntityManager } from 'typeorm';
import { Grant, type SeminarRole } from './grant.entity';

/**
 * The per-seminar roles the caller holds, read inside the caller's tenant transaction, to decide what
 * they may do. None: []. Some, but the token has no mfa: 403 AUTH.MFA_REQUIRED.
 */
export async function seminarRolesOf(
  manager: EntityManager,
  seminarId: string,
  identity: Pick<AccessIdentity, 'userId' | 'mfa'>,
): Promise<SeminarRole[]> {
  const roles = await rolesHeldBy(manager, seminarId, identity.userId);
  if (roles.length > 0) assertMfa(identity);
  return roles;
}

/** The roles `userId` holds, as data (what a grant change announces); never to authorise the caller. */
export async function rolesHeldBy(manager: EntityManager, seminarId: string, userId: string): Promise<SeminarRole[]> {
  const grants = await manager.find(Grant, { where: { seminarId, userId }, order: { role: 'ASC' } });
  return grants.map((g) => g.role);
}
