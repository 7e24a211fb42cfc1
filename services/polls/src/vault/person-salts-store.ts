// The one home of polls.person_salts: one HKDF salt per person per company. Deleting it is
// crypto-shredding: every answer, question, message and name sealed for the person stops decrypting.
import { Injectable } from '@nestjs/common';
import { col, parseRows } from '@webinar/persistence';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { sqlTable } from '../tables';
import type { PersonRef } from './person-ref';

const personSalts = sqlTable('personSalts');
const saltRow = z.object({ company_id: col.id, user_id: col.id, salt: z.instanceof(Buffer) });

export interface PersonSalt extends PersonRef {
  salt: Buffer;
}

@Injectable()
export class PersonSaltsStore {
  /** Stores each salt unless its person has one (concurrent first writes: one wins, all read it back). */
  async insertIfAbsent(manager: EntityManager, salts: readonly PersonSalt[]): Promise<void> {
    if (salts.length === 0) return;
    await manager.query(
      `INSERT INTO ${personSalts} (company_id, user_id, salt)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bytea[]) ON CONFLICT (company_id, user_id) DO NOTHING`,
      [salts.map((s) => s.companyId), salts.map((s) => s.userId), salts.map((s) => s.salt)],
    );
  }

  /** The salts of these people that exist (destroyed ones are absent), in one query. */
  async findMany(manager: EntityManager, people: readonly PersonRef[]): Promise<PersonSalt[]> {
    if (people.length === 0) return [];
    const raw: unknown = await manager.query(
      `SELECT s.company_id, s.user_id, s.salt FROM ${personSalts} s
         JOIN unnest($1::uuid[], $2::uuid[]) AS p(company_id, user_id) ON p.company_id = s.company_id AND p.user_id = s.user_id`,
      [people.map((p) => p.companyId), people.map((p) => p.userId)],
    );
    return parseRows('personSalts.findMany', saltRow, raw).map((r) => ({ companyId: r.company_id, userId: r.user_id, salt: r.salt }));
  }

  /** False when there was no salt. */
  async delete(manager: EntityManager, person: PersonRef): Promise<boolean> {
    const raw: unknown = await manager.query(
      `WITH gone AS (DELETE FROM ${personSalts} WHERE company_id = $1 AND user_id = $2 RETURNING user_id) SELECT user_id FROM gone`,
      [person.companyId, person.userId],
    );
    return parseRows('personSalts.delete', z.object({ user_id: col.id }), raw).length > 0;
  }
}
