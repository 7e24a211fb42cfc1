// The one home of polls.room_revisions: the last revision of each snapshot topic. Taking the next
// one locks the topic's row until the transaction ends, so two processes building the same snapshot
// take turns, and the later revision always reads the later state.
import { Injectable } from '@nestjs/common';
import { col, parseRows } from '@webinar/persistence';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { sqlTable } from '../tables';

const revisions = sqlTable('roomRevisions');
const revisionRow = z.object({ revision: col.int });

@Injectable()
export class RoomRevisionsStore {
  /** The topic's next revision (1 for the first), its row locked for the rest of the transaction. */
  async next(manager: EntityManager, companyId: string, topic: string): Promise<number> {
    const raw: unknown = await manager.query(
      `INSERT INTO ${revisions} AS t (company_id, topic, revision) VALUES ($1, $2, 1)
       ON CONFLICT (company_id, topic) DO UPDATE SET revision = t.revision + 1 RETURNING revision`,
      [companyId, topic],
    );
    const [row] = parseRows('roomRevisions.next', revisionRow, raw);
    if (!row) throw new Error('roomRevisions.next: no row returned');
    return row.revision;
  }
}
