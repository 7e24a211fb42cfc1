// The one home of cms.seminars. Who may see which seminar is loadSeminar's rule (seminar-lookup.ts);
// this store only moves rows. Seats are taken and freed by one conditional UPDATE of the seminar
// row, which PostgreSQL serialises on the row lock: taking fails when the seminar is full, freeing
// never goes below zero.
import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { Seminar } from './seminar.entity';

export type NewSeminarRow = Pick<
  Seminar,
  'id' | 'companyId' | 'title' | 'description' | 'startsAt' | 'endsAt' | 'timeZone' | 'capacity' | 'registeredCount' | 'state'
>;

@Injectable()
export class SeminarsStore {
  insert(manager: EntityManager, row: NewSeminarRow): Promise<Seminar> {
    return manager.save(manager.create(Seminar, row));
  }

  /** The row, write-locked until commit with `forUpdate`; null when absent or hidden by row-level security. */
  find(manager: EntityManager, id: string, opts: { forUpdate?: boolean } = {}): Promise<Seminar | null> {
    return manager.findOne(Seminar, { where: { id }, ...(opts.forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  findInCompany(manager: EntityManager, id: string, companyId: string): Promise<Seminar | null> {
    return manager.findOneBy(Seminar, { id, companyId });
  }

  findAll(manager: EntityManager, ids: readonly string[]): Promise<Seminar[]> {
    return ids.length === 0 ? Promise.resolve([]) : manager.findBy(Seminar, { id: In([...ids]) });
  }

  /** Soonest first. */
  list(manager: EntityManager, limit: number): Promise<Seminar[]> {
    return manager.find(Seminar, { order: { startsAt: 'ASC' }, take: limit });
  }

  save(manager: EntityManager, seminar: Seminar): Promise<Seminar> {
    return manager.save(seminar);
  }

  /** Takes (+1) or frees (-1) a seat; false when taking finds the seminar full (or freeing finds none). */
  async adjustSeats(manager: EntityManager, seminarId: string, delta: 1 | -1): Promise<boolean> {
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
}
