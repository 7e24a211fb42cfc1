// Per-seminar rights (presenter, moderator) are privileges, like the admin's: whatever they enable
// needs a session opened with password + second factor. The guard cannot see grants (they are not
// global roles), so the one function that reads them for a decision enforces it: holding a grant
// without an mfa token is refused with AUTH.MFA_REQUIRED, and a new action that checks a grant cannot
// forget to ask for mfa.
import { type AccessIdentity, assertMfa } from '@webinar/security';
import type { EntityManager } from 'typeorm';
import type { SeminarRole } from './grant.entity';
import type { GrantsStore } from './grants-store';

/**
 * The per-seminar roles the caller holds, read inside the caller's tenant transaction, to decide what
 * they may do. None: []. Some, but the token has no mfa: 403 AUTH.MFA_REQUIRED.
 */
export async function seminarRolesOf(
  manager: EntityManager,
  grants: GrantsStore,
  seminarId: string,
  identity: Pick<AccessIdentity, 'userId' | 'mfa'>,
): Promise<SeminarRole[]> {
  const roles = await grants.rolesOf(manager, seminarId, identity.userId);
  if (roles.length > 0) assertMfa(identity);
  return roles;
}
