// The one home of polls.grants: a person's complete role set per seminar (or company-wide, scope '*'),
// replicated from cms's GrantChanged. Replaced, never accumulated; an empty set is kept as a
// tombstone so a late older message cannot bring withdrawn roles back.
import { Injectable } from '@nestjs/common';
import { col, parseRows } from '@webinar/persistence';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { sqlTable } from '../tables';

const grants = sqlTable('grants');
const rolesRow = z.object({ roles: z.array(col.text) });
/** The scope of a company-wide grant. */
export const COMPANY_WIDE = '*';

export interface GrantChange {
  companyId: string;
  userId: string;
  seminarId: string | null;
  roles: readonly string[];
  at: Date;
}

@Injectable()
export class GrantsStore {
  async replace(manager: EntityManager, change: GrantChange): Promise<void> {
    await manager.query(
      `INSERT INTO ${grants} AS t (company_id, user_id, scope, roles, changed_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (company_id, user_id, scope) DO UPDATE SET roles = EXCLUDED.roles, changed_at = EXCLUDED.changed_at
       WHERE t.changed_at <= EXCLUDED.changed_at`,
      [change.companyId, change.userId, change.seminarId ?? COMPANY_WIDE, [...new Set(change.roles)].sort(), change.at],
    );
  }

  /** The roles the person holds on the seminar: its own grant and the company-wide one, merged. */
  async rolesOn(manager: EntityManager, person: { companyId: string; userId: string }, seminarId: string): Promise<string[]> {
    const raw: unknown = await manager.query(
      `SELECT roles FROM ${grants} WHERE company_id = $1 AND user_id = $2 AND scope IN ($3, $4)`,
      [person.companyId, person.userId, seminarId, COMPANY_WIDE],
    );
    return [...new Set(parseRows('grants.rolesOn', rolesRow, raw).flatMap((r) => r.roles))].sort();
  }
}
