import type { EntityManager } from 'typeorm';
import { Grant, type SeminarRole } from './grant.entity';

/** The per-seminar roles `userId` holds, read inside the caller's tenant transaction. */
export async function seminarRolesOf(manager: EntityManager, seminarId: string, userId: string): Promise<SeminarRole[]> {
  const grants = await manager.find(Grant, { where: { seminarId, userId }, order: { role: 'ASC' } });
  return grants.map((g) => g.role);
}
