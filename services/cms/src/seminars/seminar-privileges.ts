// What a caller may do to one seminar beyond their global role: presenter, moderator. The grants
// feature holds these rights and sits above seminars (a grant names a seminar and checks it exists),
// so seminars asks through this port and cms.module binds it to the grants' reader: no import runs
// from seminars back up to grants.
import type { AccessIdentity } from '@webinar/security';
import type { EntityManager } from 'typeorm';

export type SeminarPrivilege = 'presenter' | 'moderator';

export abstract class SeminarPrivileges {
  /**
   * The caller's roles on this seminar, read inside the caller's tenant transaction. Holding one
   * without an mfa token is refused (403 AUTH.MFA_REQUIRED), as every grant decision is.
   */
  abstract rolesOf(
    manager: EntityManager,
    seminarId: string,
    identity: Pick<AccessIdentity, 'userId' | 'mfa'>,
  ): Promise<readonly SeminarPrivilege[]>;
}
