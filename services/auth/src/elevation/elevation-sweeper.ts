// Expiry needs no action to take effect (tokens are capped at the end), but it must be on record.
// Every auth process sweeps now and then; one `UPDATE … WHERE status = 'approved' AND ends_at <= now()
// … RETURNING` claims the expired rows, so with several processes each expiry is audited exactly
// once: a concurrent sweep waits on the row lock, re-checks the condition and finds nothing.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER, type StructuredLogger } from '@webinar/http';
import { DATABASE, type Database } from '@webinar/persistence';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.options';
import { AuthAuditActions, recordAuthEvent } from '../audit/auth-audit';
import { asAuthSystem } from '../system-tx';
import { ElevationsStore } from './elevations-store';

export interface SweepResult {
  expired: number;
  lapsed: number;
}

@Injectable()
export class ElevationSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    @Inject(LOGGER) private readonly logger: StructuredLogger,
    private readonly store: ElevationsStore,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'elevation sweep failed; retrying at the next interval'))
        .finally(() => {
          this.running = undefined;
        });
    }, this.settings.elevationSweepSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async sweep(): Promise<SweepResult> {
    return asAuthSystem(this.database, 'elevation-sweep', async (manager) => {
      const expired = await this.store.expireDue(manager);
      for (const row of expired) {
        await recordAuthEvent(manager, {
          action: AuthAuditActions.elevationExpired,
          actorId: null,
          companyId: null,
          subject: row.id,
          details: { userId: row.user_id, endedAt: row.ends_at.toISOString(), breakGlass: row.break_glass },
        });
      }
      const lapsed = await this.store.lapseDue(manager);
      if (expired.length > 0 || lapsed > 0) {
        this.logger.info({ expired: expired.length, lapsed }, 'elevations swept');
      }
      return { expired: expired.length, lapsed };
    });
  }
}
