// Time-boxed root (issue #7). A root account asks for elevation with a reason and a duration; another
// root approves or denies; the clock starts at approval. While approved and unexpired, the token
// endpoint marks the session's tokens `elv: true` and caps their `exp` at the end, so the rights
// vanish at expiry without any message. Ending early revokes the session's elevated tokens issued so
// far (`auth.elevation.ended.v1`): the session and its ordinary tokens survive, the next token says `elv: false`.
// Every step is audited in the transaction of the change.
import { Inject, Injectable } from '@nestjs/common';
import { Events } from '@webinar/contracts';
import { enqueue } from '@webinar/messaging';
import { DATABASE, type Database } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.options';
import { AuthAuditActions, recordAuthEvent } from '../audit/auth-audit';
import { ElevationAlreadyOpen, ElevationNotFound, ElevationNotOpen, ElevationSelfApproval, ElevationTooLong } from '../errors';
import { asAuthSystem } from '../system-tx';
import { Elevation } from './elevation.entity';
import type { ElevationView, RequestElevationBody } from './elevation.schemas';

/** A request nobody decided on within this window lapses (the need it was raised for has passed). */
export const ELEVATION_DECISION_WINDOW_SECONDS = 3600;

const elevations = `"${AUTH_SCHEMA}"."elevations"`;

export function viewOf(row: Elevation, now = Date.now()): ElevationView {
  const over = row.status === 'approved' && row.endsAt !== null && row.endsAt.getTime() <= now;
  const lapsed = row.status === 'pending' && row.decideBy.getTime() <= now;
  const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);
  return {
    id: row.id,
    userId: row.userId,
    reason: row.reason,
    durationSeconds: row.durationSeconds,
    status: over ? 'expired' : lapsed ? 'lapsed' : row.status,
    breakGlass: row.breakGlass,
    requestedAt: row.requestedAt.toISOString(),
    decideBy: row.decideBy.toISOString(),
    decidedBy: row.decidedBy,
    decidedAt: iso(row.decidedAt),
    startsAt: iso(row.startsAt),
    endsAt: iso(row.endsAt),
  };
}

/** Serialises one user's elevation changes (two tabs asking at once must not open two). */
export async function lockUserElevations(manager: EntityManager, userId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${AUTH_SCHEMA}.elevation:${userId}`]);
}

/** The user's pending (undecided, not lapsed) or active elevation, if any. */
export async function openElevationOf(manager: EntityManager, userId: string): Promise<Elevation | null> {
  return manager
    .createQueryBuilder(Elevation, 'e')
    .where('e.userId = :userId', { userId })
    .andWhere(`((e.status = 'pending' AND e.decideBy > now()) OR (e.status = 'approved' AND e.endsAt > now()))`)
    .getOne();
}

@Injectable()
export class ElevationsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  async request(requester: AccessIdentity, body: RequestElevationBody): Promise<ElevationView> {
    if (body.durationSeconds > this.settings.elevationMaxSeconds) throw new ElevationTooLong(this.settings.elevationMaxSeconds);
    return asAuthSystem(this.database, 'elevation-request', async (manager) => {
      await lockUserElevations(manager, requester.userId);
      if (await openElevationOf(manager, requester.userId)) throw new ElevationAlreadyOpen();
      const id = randomUUID();
      await manager.query(
        `INSERT INTO ${elevations} (id, user_id, session_id, reason, duration_seconds, status, decide_by)
         VALUES ($1, $2, $3, $4, $5, 'pending', now() + $6::int * interval '1 second')`,
        [id, requester.userId, requester.sessionId, body.reason, body.durationSeconds, ELEVATION_DECISION_WINDOW_SECONDS],
      );
      await recordAuthEvent(manager, {
        action: AuthAuditActions.elevationRequested,
        actorId: requester.userId,
        companyId: null,
        subject: id,
        details: { reason: body.reason, durationSeconds: body.durationSeconds },
      });
      return viewOf(await manager.findOneByOrFail(Elevation, { id }));
    });
  }

  /** Another root starts the clock: the elevation runs from now for its requested duration. */
  async approve(approver: AccessIdentity, id: string): Promise<ElevationView> {
    return this.decide(approver, id, 'approved');
  }

  async deny(approver: AccessIdentity, id: string): Promise<ElevationView> {
    return this.decide(approver, id, 'denied');
  }

  private async decide(approver: AccessIdentity, id: string, decision: 'approved' | 'denied'): Promise<ElevationView> {
    return asAuthSystem(this.database, `elevation-${decision}`, async (manager) => {
      const row = await manager.findOne(Elevation, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new ElevationNotFound();
      // The heart of the rule: nobody grants root to themselves (break-glass is the only exception).
      if (row.userId === approver.userId) throw new ElevationSelfApproval();
      const decided: unknown[] = await manager.query(
        `WITH decided AS (
           UPDATE ${elevations}
              SET status = $3, decided_by = $2, decided_at = now(),
                  starts_at = CASE WHEN $3 = 'approved' THEN now() END,
                  ends_at = CASE WHEN $3 = 'approved' THEN now() + duration_seconds * interval '1 second' END
            WHERE id = $1 AND status = 'pending' AND decide_by > now()
           RETURNING id)
         SELECT id FROM decided`,
        [id, approver.userId, decision],
      );
      if (decided.length === 0) throw new ElevationNotOpen();
      const after = await manager.findOneByOrFail(Elevation, { id });
      await recordAuthEvent(manager, {
        action: decision === 'approved' ? AuthAuditActions.elevationApproved : AuthAuditActions.elevationDenied,
        actorId: approver.userId,
        companyId: null,
        subject: id,
        details: {
          requesterId: after.userId,
          durationSeconds: after.durationSeconds,
          ...(after.endsAt ? { endsAt: after.endsAt.toISOString() } : {}),
        },
      });
      return viewOf(after);
    });
  }

  /**
   * The requester withdraws a pending request or ends an active elevation early. Ending revokes the
   * user's tokens issued up to now everywhere (the elevated ones among them) through the outbox.
   */
  async end(requester: AccessIdentity, id: string): Promise<ElevationView> {
    return asAuthSystem(this.database, 'elevation-end', async (manager) => {
      await lockUserElevations(manager, requester.userId);
      if (!(await manager.existsBy(Elevation, { id, userId: requester.userId }))) throw new ElevationNotFound();
      const ended: { was: string }[] = await manager.query(
        `WITH target AS (
           SELECT id, status FROM ${elevations}
            WHERE id = $1 AND user_id = $2
              AND ((status = 'pending' AND decide_by > now()) OR (status = 'approved' AND ends_at > now()))),
         ended AS (
           UPDATE ${elevations} e SET status = 'ended', ended_at = now(),
                  ends_at = CASE WHEN e.ends_at IS NULL THEN NULL ELSE least(e.ends_at, now()) END
             FROM target WHERE e.id = target.id
           RETURNING target.status AS was)
         SELECT was FROM ended`,
        [id, requester.userId],
      );
      const was = ended[0]?.was;
      if (was === undefined) throw new ElevationNotOpen();
      const wasActive = was === 'approved';
      if (wasActive) {
        // Only the elevated tokens go: the session and its ordinary tokens stay valid.
        const elevation = await manager.findOneByOrFail(Elevation, { id });
        await enqueue(manager, AUTH_SCHEMA, Events.ElevationEnded, {
          elevationId: id,
          userId: requester.userId,
          sessionId: elevation.sessionId,
          endedAt: new Date().toISOString(),
        });
      }
      await recordAuthEvent(manager, {
        action: AuthAuditActions.elevationEnded,
        actorId: requester.userId,
        companyId: null,
        subject: id,
        details: { wasActive },
      });
      return viewOf(await manager.findOneByOrFail(Elevation, { id }));
    });
  }

  /** Root sees every elevation (newest first): whoever approves needs the pending ones. */
  async list(limit = 100): Promise<ElevationView[]> {
    const rows = await asAuthSystem(this.database, 'elevation-list', (manager) =>
      manager.find(Elevation, { order: { requestedAt: 'DESC' }, take: limit }),
    );
    const now = Date.now();
    return rows.map((row) => viewOf(row, now));
  }

  /** When the session's approved elevation ends, or undefined when it has none running. */
  async activeUntil(session: { userId: string; sessionId: string }): Promise<Date | undefined> {
    const rows: { ends_at: Date }[] = await asAuthSystem(this.database, 'elevation-check', (manager) =>
      manager.query(
        `SELECT ends_at FROM ${elevations}
          WHERE user_id = $1 AND session_id = $2 AND status = 'approved' AND ends_at > now()
          ORDER BY ends_at DESC LIMIT 1`,
        [session.userId, session.sessionId],
      ),
    );
    const row = rows[0];
    return row ? new Date(row.ends_at) : undefined;
  }
}
