import type { EntityManager } from 'typeorm';
import { Seminar } from '../seminars/seminar.entity';

/**
 * Takes (+1) or frees (-1) a seat with one conditional UPDATE of the seminar row, which PostgreSQL
 * serialises on the row lock: taking fails when the seminar is full, freeing never goes below zero.
 */
export async function adjustSeats(manager: EntityManager, seminarId: string, delta: 1 | -1): Promise<boolean> {
  const query = manager
    .createQueryBuilder()
    .update(Seminar)
    .set({ registeredCount: () => `registered_count + (${delta})` })
    .where('id = :seminarId', { seminarId });
  if (delta > 0) query.andWhere('registered_count < capacity');
  else query.andWhere('registered_count > 0');
  const result = await query.execute();
  return (result.affected ?? 0) > 0;
}
