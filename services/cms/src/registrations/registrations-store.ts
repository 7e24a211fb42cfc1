// The one home of cms.registrations. A person has at most one row per seminar (unique index):
// cancelling sets cancelled_at, registering again clears it.
import { Injectable } from '@nestjs/common';
import { col, parseRows } from '@webinar/persistence';
import { z } from 'zod';
import { type EntityManager, IsNull } from 'typeorm';
import type { PersonRef } from '../people/person-vault';
import { sqlTable } from '../tables';
import { Registration } from './registration.entity';

const registrations = sqlTable('registrations');
const idRow = z.object({ id: col.id });

@Injectable()
export class RegistrationsStore {
  /** The person's row for the seminar, cancelled or not. */
  findOf(manager: EntityManager, seminarId: string, userId: string): Promise<Registration | null> {
    return manager.findOneBy(Registration, { seminarId, userId });
  }

  findActive(manager: EntityManager, seminarId: string, userId: string): Promise<Registration | null> {
    return manager.findOneBy(Registration, { seminarId, userId, cancelledAt: IsNull() });
  }

  /** Whether `userId` holds an active registration for the seminar. */
  isRegistered(manager: EntityManager, seminarId: string, userId: string): Promise<boolean> {
    return manager.existsBy(Registration, { seminarId, userId, cancelledAt: IsNull() });
  }

  /** The seminar's active registrations, oldest first. */
  listActive(manager: EntityManager, seminarId: string): Promise<Registration[]> {
    return manager.find(Registration, { where: { seminarId, cancelledAt: IsNull() }, order: { createdAt: 'ASC' } });
  }

  /** Every registration of the person in their company, cancelled ones too, oldest first. */
  allOf(manager: EntityManager, person: PersonRef): Promise<Registration[]> {
    return manager.find(Registration, { where: { companyId: person.companyId, userId: person.userId }, order: { createdAt: 'ASC' } });
  }

  /** The person's active registrations in their company. */
  activeOf(manager: EntityManager, person: PersonRef): Promise<Registration[]> {
    return manager.find(Registration, { where: { companyId: person.companyId, userId: person.userId, cancelledAt: IsNull() } });
  }

  insert(manager: EntityManager, row: Omit<Registration, 'createdAt'>): Promise<Registration> {
    return manager.save(manager.create(Registration, row));
  }

  /** A cancelled registration made active again. */
  reactivate(manager: EntityManager, registration: Registration): Promise<Registration> {
    registration.cancelledAt = null;
    return manager.save(registration);
  }

  async cancel(manager: EntityManager, id: string, cancelledAt: Date): Promise<void> {
    await manager.update(Registration, { id }, { cancelledAt });
  }

  /**
   * Cuts every registration of the person loose from them (a fresh random user id each, evaluated per
   * row, so the unique index stays satisfied); how many. Wrapped in a SELECT: TypeORM answers a bare
   * UPDATE with [rows, count].
   */
  async anonymise(manager: EntityManager, person: PersonRef): Promise<number> {
    const rows: unknown = await manager.query(
      `WITH changed AS (
         UPDATE ${registrations} SET user_id = gen_random_uuid()
          WHERE company_id = $1 AND user_id = $2 RETURNING id)
       SELECT id FROM changed`,
      [person.companyId, person.userId],
    );
    return parseRows('registrations.anonymise', idRow, rows).length;
  }
}
