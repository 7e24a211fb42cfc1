// The one home of polls.registrations: who is registered for which seminar, replicated from cms.
// One row per (seminar, person), flipped by created/cancelled events in the order of their times.
import { Injectable } from '@nestjs/common';
import { col, parseFirstRow } from '@webinar/persistence';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { sqlTable } from '../tables';

const registrations = sqlTable('registrations');
const activeRow = z.object({ active: col.bool });

export interface RegistrationChange {
  registrationId: string;
  seminarId: string;
  companyId: string;
  userId: string;
  active: boolean;
  at: Date;
}

@Injectable()
export class RegistrationsStore {
  /** Applies the change unless a newer one is stored (a cancel and a re-register may arrive swapped). */
  async apply(manager: EntityManager, change: RegistrationChange): Promise<void> {
    await manager.query(
      `INSERT INTO ${registrations} AS t (seminar_id, user_id, company_id, registration_id, active, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (seminar_id, user_id) DO UPDATE SET
         registration_id = EXCLUDED.registration_id, active = EXCLUDED.active, changed_at = EXCLUDED.changed_at
       WHERE t.changed_at <= EXCLUDED.changed_at`,
      [change.seminarId, change.userId, change.companyId, change.registrationId, change.active, change.at],
    );
  }

  async isRegistered(manager: EntityManager, seminarId: string, userId: string): Promise<boolean> {
    const raw: unknown = await manager.query(`SELECT active FROM ${registrations} WHERE seminar_id = $1 AND user_id = $2`, [seminarId, userId]);
    return parseFirstRow('registrations.isRegistered', activeRow, raw)?.active === true;
  }
}
