// The one home of auth.elevations. Every decision is a single conditional UPDATE (pending and not
// lapsed, approved and not over…), so two approvers, a sweep and an early end racing for one row
// each see the outcome of the others; a user's own changes are serialised by an advisory lock.
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';
import { col, parseFirstRow, parseRows } from '@webinar/persistence';
import { sqlTable } from '../tables';
import { ELEVATION_STATUSES, Elevation } from './elevation.entity';

const elevations = sqlTable('elevations');
const idRow = z.object({ id: col.id });
const wasRow = z.object({ was: z.enum(ELEVATION_STATUSES) });
const endsAtRow = z.object({ ends_at: col.time });
const expiredRow = z.object({ id: col.id, user_id: col.id, ends_at: col.time, break_glass: col.bool });

export type ExpiredElevationRow = z.output<typeof expiredRow>;

export interface NewElevationRequest {
  id: string;
  userId: string;
  sessionId: string;
  reason: string;
  durationSeconds: number;
  decisionWindowSeconds: number;
}

export type NewBreakGlassElevation = Omit<NewElevationRequest, 'decisionWindowSeconds'>;

/** Still undecided within the window, or approved and not over. */
const OPEN = `((status = 'pending' AND decide_by > now()) OR (status = 'approved' AND ends_at > now()))`;

@Injectable()
export class ElevationsStore {
  /** Serialises one user's elevation changes until commit (two tabs asking at once must not open two). */
  async lockUser(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${AUTH_SCHEMA}.elevation:${userId}`]);
  }

  findById(manager: EntityManager, id: string): Promise<Elevation> {
    return manager.findOneByOrFail(Elevation, { id });
  }

  /** The row, write-locked until commit; null when there is none. */
  findForUpdate(manager: EntityManager, id: string): Promise<Elevation | null> {
    return manager.findOne(Elevation, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  existsForUser(manager: EntityManager, id: string, userId: string): Promise<boolean> {
    return manager.existsBy(Elevation, { id, userId });
  }

  /** The user's pending (undecided, not lapsed) or active elevation, if any. */
  findOpenOf(manager: EntityManager, userId: string): Promise<Elevation | null> {
    return manager
      .createQueryBuilder(Elevation, 'e')
      .where('e.userId = :userId', { userId })
      .andWhere(`((e.status = 'pending' AND e.decideBy > now()) OR (e.status = 'approved' AND e.endsAt > now()))`)
      .getOne();
  }

  /** Newest first. */
  list(manager: EntityManager, limit: number): Promise<Elevation[]> {
    return manager.find(Elevation, { order: { requestedAt: 'DESC' }, take: limit });
  }

  async insertRequest(manager: EntityManager, row: NewElevationRequest): Promise<void> {
    await manager.query(
      `INSERT INTO ${elevations} (id, user_id, session_id, reason, duration_seconds, status, decide_by)
       VALUES ($1, $2, $3, $4, $5, 'pending', now() + $6::int * interval '1 second')`,
      [row.id, row.userId, row.sessionId, row.reason, row.durationSeconds, row.decisionWindowSeconds],
    );
  }

  /** Break-glass: approved by the requester at once, running from now. */
  async insertBreakGlass(manager: EntityManager, row: NewBreakGlassElevation): Promise<void> {
    await manager.query(
      `INSERT INTO ${elevations}
         (id, user_id, session_id, reason, duration_seconds, status, break_glass, decide_by, decided_by, decided_at, starts_at, ends_at)
       VALUES ($1, $2, $3, $4, $5, 'approved', true, now(), $2, now(), now(), now() + $5::int * interval '1 second')`,
      [row.id, row.userId, row.sessionId, row.reason, row.durationSeconds],
    );
  }

  /** Approves (the clock starts now) or denies a request still open for a decision; false otherwise. */
  async decide(manager: EntityManager, id: string, approverId: string, decision: 'approved' | 'denied'): Promise<boolean> {
    const rows: unknown = await manager.query(
      `WITH decided AS (
         UPDATE ${elevations}
            SET status = $3, decided_by = $2, decided_at = now(),
                starts_at = CASE WHEN $3 = 'approved' THEN now() END,
                ends_at = CASE WHEN $3 = 'approved' THEN now() + duration_seconds * interval '1 second' END
          WHERE id = $1 AND status = 'pending' AND decide_by > now()
         RETURNING id)
       SELECT id FROM decided`,
      [id, approverId, decision],
    );
    return parseRows('elevations.decide', idRow, rows).length > 0;
  }

  /** Ends the user's open elevation now; the status it had ('pending' or 'approved'), or undefined. */
  async endOpen(manager: EntityManager, id: string, userId: string): Promise<'pending' | 'approved' | undefined> {
    const rows: unknown = await manager.query(
      `WITH target AS (
         SELECT id, status FROM ${elevations} WHERE id = $1 AND user_id = $2 AND ${OPEN}),
       ended AS (
         UPDATE ${elevations} e SET status = 'ended', ended_at = now(),
                ends_at = CASE WHEN e.ends_at IS NULL THEN NULL ELSE least(e.ends_at, now()) END
           FROM target WHERE e.id = target.id
         RETURNING target.status AS was)
       SELECT was FROM ended`,
      [id, userId],
    );
    const was = parseFirstRow('elevations.endOpen', wasRow, rows)?.was;
    return was === 'pending' || was === 'approved' ? was : undefined;
  }

  /** A pending request superseded by the emergency path. */
  async endPending(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE ${elevations} SET status = 'ended', ended_at = now() WHERE id = $1`, [id]);
  }

  /** When the session's approved elevation ends, or undefined when it has none running. */
  async activeUntil(manager: EntityManager, userId: string, sessionId: string): Promise<Date | undefined> {
    const rows: unknown = await manager.query(
      `SELECT ends_at FROM ${elevations}
        WHERE user_id = $1 AND session_id = $2 AND status = 'approved' AND ends_at > now()
        ORDER BY ends_at DESC LIMIT 1`,
      [userId, sessionId],
    );
    return parseFirstRow('elevations.activeUntil', endsAtRow, rows)?.ends_at;
  }

  /** Claims the approved elevations whose end has passed (exactly once across processes). */
  async expireDue(manager: EntityManager): Promise<ExpiredElevationRow[]> {
    const rows: unknown = await manager.query(
      `WITH expired AS (
         UPDATE ${elevations} SET status = 'expired'
          WHERE status = 'approved' AND ends_at <= now()
         RETURNING id, user_id, ends_at, break_glass)
       SELECT * FROM expired`,
    );
    return parseRows('elevations.expireDue', expiredRow, rows);
  }

  /** Lapses the requests nobody decided on in time; how many. */
  async lapseDue(manager: EntityManager): Promise<number> {
    const rows: unknown = await manager.query(
      `WITH lapsed AS (
         UPDATE ${elevations} SET status = 'lapsed' WHERE status = 'pending' AND decide_by <= now() RETURNING id)
       SELECT id FROM lapsed`,
    );
    return parseRows('elevations.lapseDue', idRow, rows).length;
  }
}
