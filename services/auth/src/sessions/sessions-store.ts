// The one home of auth.sessions. Deadlines are computed by PostgreSQL (`now()`), so every process
// agrees on them; revocations are single UPDATE … RETURNING statements, so concurrent revocations
// never report a session twice. Reading the owner's company and role joins auth.users: a session is
// only live while its account is.
import { Injectable } from '@nestjs/common';
import { GLOBAL_ROLES } from '@webinar/security';
import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { col, parseFirstRow, parseRows } from '@webinar/persistence';
import { sqlTable } from '../tables';
import { Session, type SessionAmr } from './session.entity';

const sessions = sqlTable('sessions');
const users = sqlTable('users');

const sessionRow = z.object({
  id: col.id,
  user_id: col.id,
  amr: col.text,
  created_at: col.time,
  last_seen_at: col.time,
  idle_expires_at: col.time,
  absolute_expires_at: col.time,
});
const liveSessionRow = sessionRow.extend({ company_id: col.id.nullable(), role: z.enum(GLOBAL_ROLES) });
const listedSessionRow = sessionRow.omit({ user_id: true });
const idRow = z.object({ id: col.id });
const revokedRow = z.object({ id: col.id, company_id: col.id.nullable() });

export type SessionRow = z.output<typeof sessionRow>;
export type LiveSessionRow = z.output<typeof liveSessionRow>;
export type ListedSessionRow = z.output<typeof listedSessionRow>;

export interface NewSessionRow {
  id: string;
  tokenHash: string;
  userId: string;
  amr: SessionAmr;
  idleSeconds: number;
  absoluteSeconds: number;
}

const RETURNED = 'id, user_id, amr, created_at, last_seen_at, idle_expires_at, absolute_expires_at';
const LIVE = 'revoked_at IS NULL AND idle_expires_at > now() AND absolute_expires_at > now()';

@Injectable()
export class SessionsStore {
  async insert(manager: EntityManager, row: NewSessionRow): Promise<SessionRow> {
    const rows: unknown = await manager.query(
      `INSERT INTO ${sessions} (id, token_hash, user_id, amr, last_seen_at, idle_expires_at, absolute_expires_at)
       VALUES ($1, $2, $3, $4, now(), now() + $5::int * interval '1 second', now() + $6::int * interval '1 second')
       RETURNING ${RETURNED}`,
      [row.id, row.tokenHash, row.userId, row.amr, row.idleSeconds, row.absoluteSeconds],
    );
    const inserted = parseFirstRow('sessions.insert', sessionRow, rows);
    if (!inserted) throw new Error('The session insert returned no row.');
    return inserted;
  }

  /** The live session with this token hash, its idle deadline slid forward (never past the absolute one). */
  async touchLive(manager: EntityManager, tokenHash: string, idleSeconds: number): Promise<LiveSessionRow | undefined> {
    const rows: unknown = await manager.query(
      `WITH touched AS (
         UPDATE ${sessions}
            SET last_seen_at = now(),
                idle_expires_at = least(now() + $2::int * interval '1 second', absolute_expires_at)
          WHERE token_hash = $1 AND ${LIVE}
         RETURNING ${RETURNED})
       SELECT t.*, u.company_id, u.role
         FROM touched t JOIN ${users} u ON u.id = t.user_id
        WHERE u.status = 'active'`,
      [tokenHash, idleSeconds],
    );
    return parseFirstRow('sessions.touchLive', liveSessionRow, rows);
  }

  /** The user's live sessions, newest first. */
  async listLive(manager: EntityManager, userId: string, limit: number): Promise<ListedSessionRow[]> {
    const rows: unknown = await manager.query(
      `SELECT id, amr, created_at, last_seen_at, idle_expires_at, absolute_expires_at FROM ${sessions}
        WHERE user_id = $1 AND ${LIVE}
        ORDER BY created_at DESC LIMIT $2`,
      [userId, limit],
    );
    return parseRows('sessions.listLive', listedSessionRow, rows);
  }

  /** Every session of the user, live or not, newest first (the person's data export). */
  exportOf(manager: EntityManager, userId: string, limit: number): Promise<Session[]> {
    return manager.find(Session, {
      select: { id: true, createdAt: true, lastSeenAt: true, idleExpiresAt: true, absoluteExpiresAt: true, revokedAt: true },
      where: { userId },
      order: { createdAt: 'DESC' },
      take: limit,
    });
  }

  /** Revokes one unrevoked session of the user; its owner's company, or undefined when there was none. */
  async revokeOne(manager: EntityManager, sessionId: string, userId: string): Promise<{ companyId: string | null } | undefined> {
    const rows: unknown = await manager.query(
      `WITH revoked AS (
         UPDATE ${sessions} SET revoked_at = now()
          WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
         RETURNING id, user_id)
       SELECT r.id, u.company_id FROM revoked r LEFT JOIN ${users} u ON u.id = r.user_id`,
      [sessionId, userId],
    );
    const row = parseFirstRow('sessions.revokeOne', revokedRow, rows);
    return row ? { companyId: row.company_id } : undefined;
  }

  /** Revokes the user's other unexpired sessions; their ids. */
  async revokeOthers(manager: EntityManager, userId: string, keepSessionId: string): Promise<string[]> {
    const rows: unknown = await manager.query(
      `WITH revoked AS (
         UPDATE ${sessions} SET revoked_at = now()
          WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL AND absolute_expires_at > now()
         RETURNING id)
       SELECT id FROM revoked`,
      [userId, keepSessionId],
    );
    return parseRows('sessions.revokeOthers', idRow, rows).map((r) => r.id);
  }

  /** Revokes every unrevoked session of the user; their ids. */
  async revokeAll(manager: EntityManager, userId: string): Promise<string[]> {
    const rows: unknown = await manager.query(
      `WITH revoked AS (UPDATE ${sessions} SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id)
       SELECT id FROM revoked`,
      [userId],
    );
    return parseRows('sessions.revokeAll', idRow, rows).map((r) => r.id);
  }
}
