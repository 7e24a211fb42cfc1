// The grants' answer to the seminars feature's question "what may this caller do to this seminar"
// (seminars/seminar-privileges.ts), bound in cms.module.
import { Injectable } from '@nestjs/common';
import type { AccessIdentity } from '@webinar/security';
import type { EntityManager } from 'typeorm';
import { SeminarPrivileges, type SeminarPrivilege } from '../seminars/seminar-privileges';
import { seminarRolesOf } from './grant-lookup';
import { GrantsStore } from './grants-store';

@Injectable()
export class GrantPrivileges extends SeminarPrivileges {
  constructor(private readonly grants: GrantsStore) {
    super();
  }

  rolesOf(manager: EntityManager, seminarId: string, identity: Pick<AccessIdentity, 'userId' | 'mfa'>): Promise<readonly SeminarPrivilege[]> {
    return seminarRolesOf(manager, this.grants, seminarId, identity);
  }
}
