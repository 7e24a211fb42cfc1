// The one home of cms.grants (per-seminar roles). Reading roles to authorise someone goes through
// seminarRolesOf (grant-lookup.ts), which adds the mfa rule; this store only moves rows.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Grant, type SeminarRole } from './grant.entity';

export interface GrantKey {
  seminarId: string;
  userId: string;
  role: SeminarRole;
}

@Injectable()
export class GrantsStore {
  /** The roles `userId` holds on the seminar, in name order. */
  async rolesOf(manager: EntityManager, seminarId: string, userId: string): Promise<SeminarRole[]> {
    const grants = await manager.find(Grant, { where: { seminarId, userId }, order: { role: 'ASC' } });
    return grants.map((g) => g.role);
  }

  /** Every grant on the seminar, oldest first. */
  listOf(manager: EntityManager, seminarId: string): Promise<Grant[]> {
    return manager.find(Grant, { where: { seminarId }, order: { createdAt: 'ASC' } });
  }

  find(manager: EntityManager, key: GrantKey): Promise<Grant | null> {
    return manager.findOneBy(Grant, { seminarId: key.seminarId, userId: key.userId, role: key.role });
  }

  /** Whether the grant exists in that company (a cross-company read, as the media tier's check). */
  existsInCompany(manager: EntityManager, key: GrantKey, companyId: string): Promise<boolean> {
    return manager.existsBy(Grant, { seminarId: key.seminarId, companyId, userId: key.userId, role: key.role });
  }

  /** Every grant the person holds in their company, oldest first. */
  allOf(manager: EntityManager, person: { companyId: string; userId: string }): Promise<Grant[]> {
    return manager.find(Grant, { where: { companyId: person.companyId, userId: person.userId }, order: { createdAt: 'ASC' } });
  }

  async deleteAllOf(manager: EntityManager, person: { companyId: string; userId: string }): Promise<void> {
    await manager.delete(Grant, { companyId: person.companyId, userId: person.userId });
  }

  insert(manager: EntityManager, grant: GrantKey & { id: string; companyId: string }): Promise<Grant> {
    return manager.save(manager.create(Grant, grant));
  }

  /** False when there was no such grant. */
  async delete(manager: EntityManager, key: GrantKey): Promise<boolean> {
    const result = await manager.delete(Grant, { seminarId: key.seminarId, userId: key.userId, role: key.role });
    return (result.affected ?? 0) > 0;
  }
}
