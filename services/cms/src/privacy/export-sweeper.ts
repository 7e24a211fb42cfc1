// Exports hold a (sealed) private key and encrypted parts for at most EXPORT_TTL_SECONDS: this sweeper
// deletes expired ones across companies, whether delivered, complete or still waiting. Reading an
// expired export also deletes it at once, so the sweep only bounds how long unread rows linger.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER, type StructuredLogger } from '@webinar/http';
import { DATABASE, type Database, withTenant } from '@webinar/persistence';
import { PrivacyExportsStore } from './privacy-exports-store';
import { EXPORT_SWEEP_INTERVAL_MS } from './privacy.constants';

@Injectable()
export class ExportSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: StructuredLogger,
    private readonly store: PrivacyExportsStore,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweepInBackground(), EXPORT_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Deletes every expired export and its parts; the number deleted. */
  sweep(): Promise<number> {
    return withTenant(this.database.dataSource, { root: true, reason: 'cms:export-expiry' }, async (manager) => {
      const expired = await this.store.expiredIds(manager, 1000);
      await this.store.deleteAll(manager, expired);
      return expired.length;
    });
  }

  private async sweepInBackground(): Promise<void> {
    if (this.running) return;
    this.running = this.sweep();
    try {
      const deleted = await this.running;
      if (deleted > 0) this.logger.info({ deleted }, 'expired exports deleted');
    } catch (error) {
      this.logger.warn({ err: error }, 'export sweep failed; retried at the next interval');
    } finally {
      this.running = undefined;
    }
  }
}
