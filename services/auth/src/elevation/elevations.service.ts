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
import { AUTH_SCHEMA } from '../auth.constants';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.options';
import { AuthAuditActions, recordAuthEvent } from '../audit/auth-audit';
import { ElevationErrors } from './elevation.errors';
import { asAuthSystem } from '../system-tx';
import type { Elevation } from './elevation.entity';
import { ElevationsStore } from './elevations-store';
import type { ElevationView, RequestElevationBody } from './elevation.schemas';

/** A request nobody decided on within this window lapses (the need it was raised for has passed). */
export const ELEVATION_DECISION_WINDOW_SECONDS = 3600;

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

@Injectable()
export class ElevationsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    private readonly store: ElevationsStore,
  ) {}

  async request(requester: AccessIdentity, body: RequestElevationBody): Promise<ElevationView> {
    if (body.durationSeconds > this.settings.elevationMaxSeconds) throw ElevationErrors.tooLong({ maxSeconds: this.settings.elevationMaxSeconds });
    return asAuthSystem(this.database, 'elevation-request', async (manager) => {
      await this.store.lockUser(manager, requester.userId);
      if (await this.store.findOpenOf(manager, requester.userId)) throw ElevationErrors.alreadyOpen();
      const id = randomUUID();
      await this.store.insertRequest(manager, {
        id,
        userId: requester.userId,
        sessionId: requester.sessionId,
        reason: body.reason,
        durationSeconds: body.durationSeconds,
        decisionWindowSeconds: ELEVATION_DECISION_WINDOW_SECONDS,
      });
      await recordAuthEvent(manager, {
        action: AuthAuditActions.elevationRequested,
        actorId: requester.userId,
        companyId: null,
        subject: id,
        details: { reason: body.reason, durationSeconds: body.durationSeconds },
      });
      return viewOf(await this.store.findById(manager, id));
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
      const row = await this.store.findForUpdate(manager, id);
      if (!row) throw ElevationErrors.notFound();
      // The heart of the rule: nobody grants root to themselves (break-glass is the only exception).
      if (row.userId === approver.userId) throw ElevationErrors.selfApproval();
      if (!(await this.store.decide(manager, id, approver.userId, decision))) throw ElevationErrors.notOpen();
      const after = await this.store.findById(manager, id);
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
      await this.store.lockUser(manager, requester.userId);
      if (!(await this.store.existsForUser(manager, id, requester.userId))) throw ElevationErrors.notFound();
      const was = await this.store.endOpen(manager, id, requester.userId);
      if (was === undefined) throw ElevationErrors.notOpen();
      const wasActive = was === 'approved';
      if (wasActive) {
        // Only the elevated tokens go: the session and its ordinary tokens stay valid.
        const elevation = await this.store.findById(manager, id);
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
      return viewOf(await this.store.findById(manager, id));
    });
  }

  /** Root sees every elevation (newest first): whoever approves needs the pending ones. */
  async list(limit = 100): Promise<ElevationView[]> {
    const rows = await asAuthSystem(this.database, 'elevation-list', (manager) => this.store.list(manager, limit));
    const now = Date.now();
    return rows.map((row) => viewOf(row, now));
  }

  /** When the session's approved elevation ends, or undefined when it has none running. */
  async activeUntil(session: { userId: string; sessionId: string }): Promise<Date | undefined> {
    return asAuthSystem(this.database, 'elevation-check', (manager) => this.store.activeUntil(manager, session.userId, session.sessionId));
  }
}
