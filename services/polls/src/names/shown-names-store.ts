// The one home of polls.shown_names: the name a person shows in their company's rooms, sealed under
// their own key (RoomVault, field 'shown-name'). Never in the clear here.
import { Injectable } from '@nestjs/common';
import { col, parseRows } from '@webinar/persistence';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { sqlTable } from '../tables';
import type { PersonRef } from '../vault/person-ref';

const shownNames = sqlTable('shownNames');
const nameRow = z.object({ company_id: col.id, user_id: col.id, name_cipher: col.text });

export interface SealedShownName extends PersonRef {
  cipher: string;
}

@Injectable()
export class ShownNamesStore {
  async upsert(manager: EntityManager, name: SealedShownName): Promise<void> {
    await manager.query(
      `INSERT INTO ${shownNames} (company_id, user_id, name_cipher) VALUES ($1, $2, $3)
       ON CONFLICT (company_id, user_id) DO UPDATE SET name_cipher = EXCLUDED.name_cipher, updated_at = now()`,
      [name.companyId, name.userId, name.cipher],
    );
  }

  /** The sealed names of these people that exist, in one query (chat and questions show many). */
  async findMany(manager: EntityManager, people: readonly PersonRef[]): Promise<SealedShownName[]> {
    if (people.length === 0) return [];
    const raw: unknown = await manager.query(
      `SELECT n.company_id, n.user_id, n.name_cipher FROM ${shownNames} n
         JOIN unnest($1::uuid[], $2::uuid[]) AS p(company_id, user_id) ON p.company_id = n.company_id AND p.user_id = n.user_id`,
      [people.map((p) => p.companyId), people.map((p) => p.userId)],
    );
    return parseRows('shownNames.findMany', nameRow, raw).map((r) => ({ companyId: r.company_id, userId: r.user_id, cipher: r.name_cipher }));
  }

  /** False when the person had none. */
  async delete(manager: EntityManager, person: PersonRef): Promise<boolean> {
    const raw: unknown = await manager.query(
      `WITH gone AS (DELETE FROM ${shownNames} WHERE company_id = $1 AND user_id = $2 RETURNING user_id) SELECT user_id FROM gone`,
      [person.companyId, person.userId],
    );
    return parseRows('shownNames.delete', z.object({ user_id: col.id }), raw).length > 0;
  }
}
