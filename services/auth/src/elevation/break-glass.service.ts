// Break-glass: when no other root can approve (the only root, or all unreachable), a root who holds the
// operator's secret approves their own elevation. It is deliberately noisy: a `warn` log line and an
// `auth.elevation.break-glass` audit record for every attempt, granted or refused, and a shorter
// maximum duration. Attempts are limited per account, so the secret cannot be guessed online.
import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type StructuredLogger, HttpErrors } from '@webinar/http';
import { DATABASE, type Database } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.options';
import { AuthAuditActions, recordAuthEvent } from '../audit/auth-audit';
import { ElevationErrors } from './elevation.errors';
import { RateLimitStore } from '../rate-limit/rate-limit-store';
import { asAuthSystem } from '../system-tx';
import { BREAK_GLASS, type BreakGlassSecret } from './break-glass';
import type { BreakGlassBody, ElevationView } from './elevation.schemas';
import { viewOf } from './elevations.service';
import { ElevationsStore } from './elevations-store';

/** Attempts per account and quarter hour; an operator with the secret needs one. */
export const BREAK_GLASS_ATTEMPTS = 5;

type Refusal = 'disabled' | 'wrong-secret' | 'rate-limited';

@Injectable()
export class BreakGlassService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    @Inject(BREAK_GLASS) private readonly secret: BreakGlassSecret,
    @Inject(LOGGER) private readonly logger: StructuredLogger,
    private readonly store: ElevationsStore,
    private readonly limits: RateLimitStore,
  ) {}

  async elevate(root: AccessIdentity, body: BreakGlassBody): Promise<ElevationView> {
    // In the shared store: neither another replica nor a restart gives a guesser a fresh budget.
    if (!(await this.limits.hit(`break-glass:${root.userId}`, { limit: BREAK_GLASS_ATTEMPTS, windowSeconds: 15 * 60 }))) {
      await this.refuse(root, 'rate-limited');
      throw HttpErrors.rateLimited();
    }
    if (!this.secret.enabled) {
      await this.refuse(root, 'disabled');
      throw ElevationErrors.breakGlassDisabled();
    }
    if (!this.secret.matches(body.secret)) {
      await this.refuse(root, 'wrong-secret');
      throw ElevationErrors.breakGlassRefused();
    }
    if (body.durationSeconds > this.settings.breakGlassMaxSeconds) throw ElevationErrors.tooLong({ maxSeconds: this.settings.breakGlassMaxSeconds });

    const view = await asAuthSystem(this.database, 'elevation-break-glass', async (manager) => {
      await this.store.lockUser(manager, root.userId);
      const open = await this.store.findOpenOf(manager, root.userId);
      if (open?.status === 'approved') throw ElevationErrors.alreadyOpen();
      // A pending request nobody answered is superseded by the emergency path.
      if (open) await this.store.endPending(manager, open.id);
      const id = randomUUID();
      await this.store.insertBreakGlass(manager, {
        id,
        userId: root.userId,
        sessionId: root.sessionId,
        reason: body.reason,
        durationSeconds: body.durationSeconds,
      });
      const row = await this.store.findById(manager, id);
      await recordAuthEvent(manager, {
        action: AuthAuditActions.elevationBreakGlass,
        actorId: root.userId,
        companyId: null,
        subject: id,
        details: { granted: true, reason: body.reason, durationSeconds: body.durationSeconds, endsAt: row.endsAt?.toISOString() ?? '' },
      });
      return viewOf(row);
    });
    this.logger.warn(
      { userId: root.userId, sessionId: root.sessionId, elevationId: view.id, endsAt: view.endsAt },
      'BREAK-GLASS: root elevation self-approved with the operator secret',
    );
    return view;
  }

  /** A refused attempt is audited on its own (there is no change to attach it to). */
  private async refuse(root: AccessIdentity, why: Refusal): Promise<void> {
    this.logger.warn({ userId: root.userId, sessionId: root.sessionId, why }, 'BREAK-GLASS attempt refused');
    await asAuthSystem(this.database, 'elevation-break-glass-refused', (manager) =>
      recordAuthEvent(manager, {
        action: AuthAuditActions.elevationBreakGlass,
        actorId: root.userId,
        companyId: null,
        details: { granted: false, why },
      }),
    );
  }
}
