// The one home of polls.seminars: the replica of cms's seminars, fed by its events. Each write is one
// conditional upsert, so a redelivered or late event never overwrites what a newer one set.
import { Injectable } from '@nestjs/common';
import { col, parseFirstRow } from '@webinar/persistence';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { sqlTable } from '../tables';

const seminars = sqlTable('seminars');

export const REPLICA_SEMINAR_STATES = ['scheduled', 'live', 'ended'] as const;
export type ReplicaSeminarState = (typeof REPLICA_SEMINAR_STATES)[number];

export interface ReplicaSeminar {
  id: string;
  companyId: string;
  /** Null until the seminar's SeminarScheduled has arrived (its live/ended may come first). */
  title: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  state: ReplicaSeminarState;
}

const seminarRow = z.object({
  id: col.id,
  company_id: col.id,
  title: col.text.nullable(),
  starts_at: col.time.nullable(),
  ends_at: col.time.nullable(),
  state: z.enum(REPLICA_SEMINAR_STATES),
});

export interface SeminarDetails {
  id: string;
  companyId: string;
  title: string;
  startsAt: Date;
  endsAt: Date | null;
  at: Date;
}

@Injectable()
export class SeminarsStore {
  /** A SeminarScheduled: its details (if newer than the stored ones) and the state `scheduled` (if newer). */
  async applyScheduled(manager: EntityManager, s: SeminarDetails): Promise<void> {
    await manager.query(
      `INSERT INTO ${seminars} AS t (id, company_id, title, starts_at, ends_at, details_at, state, state_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'scheduled', $6)
       ON CONFLICT (id) DO UPDATE SET
         title = CASE WHEN t.details_at IS NULL OR t.details_at <= EXCLUDED.details_at THEN EXCLUDED.title ELSE t.title END,
         starts_at = CASE WHEN t.details_at IS NULL OR t.details_at <= EXCLUDED.details_at THEN EXCLUDED.starts_at ELSE t.starts_at END,
         ends_at = CASE WHEN t.details_at IS NULL OR t.details_at <= EXCLUDED.details_at THEN EXCLUDED.ends_at ELSE t.ends_at END,
         details_at = GREATEST(t.details_at, EXCLUDED.details_at),
         state = CASE WHEN t.state_at <= EXCLUDED.state_at THEN EXCLUDED.state ELSE t.state END,
         state_at = GREATEST(t.state_at, EXCLUDED.state_at)`,
      [s.id, s.companyId, s.title, s.startsAt, s.endsAt, s.at],
    );
  }

  /** A SeminarLive or SeminarEnded: the state, if newer than the stored one; no details yet if first. */
  async applyState(manager: EntityManager, s: { id: string; companyId: string; state: ReplicaSeminarState; at: Date }): Promise<void> {
    await manager.query(
      `INSERT INTO ${seminars} AS t (id, company_id, state, state_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET
         state = CASE WHEN t.state_at <= EXCLUDED.state_at THEN EXCLUDED.state ELSE t.state END,
         state_at = GREATEST(t.state_at, EXCLUDED.state_at)`,
      [s.id, s.companyId, s.state, s.at],
    );
  }

  /** The seminar, if the transaction's tenant may see it (row-level security hides other companies'). */
  async find(manager: EntityManager, id: string): Promise<ReplicaSeminar | undefined> {
    const raw: unknown = await manager.query(
      `SELECT id, company_id, title, starts_at, ends_at, state FROM ${seminars} WHERE id = $1`,
      [id],
    );
    const row = parseFirstRow('seminars.find', seminarRow, raw);
    return row && { id: row.id, companyId: row.company_id, title: row.title, startsAt: row.starts_at, endsAt: row.ends_at, state: row.state };
  }
}
