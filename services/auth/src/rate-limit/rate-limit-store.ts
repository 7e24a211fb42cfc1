// Fixed-window rate limits kept in PostgreSQL (auth.rate_limits), like the login backoff: every auth
// replica counts into the same window, and a restart forgets nothing, so N replicas do not allow N
// times the limit and restarting a process does not reset an attacker's budget. One statement counts
// the hit and opens a new window when the old one is over, atomically under the row's lock; the
// database's clock decides, so replicas with skewed clocks agree.
import { Inject, Injectable } from '@nestjs/common';
import { col, DATABASE, type Database, parseFirstRow } from '@webinar/persistence';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { asAuthSystem } from '../system-tx';
import { sqlTable } from '../tables';

const table = sqlTable('rateLimits');
const hitsRow = z.object({ hits: col.int });
/** Finished windows are cleaned up on one hit in this many, not on every request. */
const PRUNE_EVERY_HITS = 100;
/** Longer than any window in use: rows older than this are expired and pruned. */
export const RATE_LIMIT_FORGET_AFTER_SECONDS = 3600;

export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

@Injectable()
export class RateLimitStore {
  private hitsSincePrune = 0;

  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Counts one hit for `key`; false once the key is over `limit` in its current window. Own transaction. */
  async hit(key: string, rule: RateLimit): Promise<boolean> {
    if (rule.windowSeconds > RATE_LIMIT_FORGET_AFTER_SECONDS) throw new RangeError('rate-limit window longer than the clean-up horizon');
    return asAuthSystem(this.database, 'rate-limit', async (manager) => {
      const expired = `w.window_started_at <= clock_timestamp() - make_interval(secs => $2)`;
      const rows: unknown = await manager.query(
        `INSERT INTO ${table} AS w (key, window_started_at, hits) VALUES ($1, clock_timestamp(), 1)
         ON CONFLICT (key) DO UPDATE
            SET hits = CASE WHEN ${expired} THEN 1 ELSE w.hits + 1 END,
                window_started_at = CASE WHEN ${expired} THEN clock_timestamp() ELSE w.window_started_at END
         RETURNING hits`,
        [key, rule.windowSeconds],
      );
      if (++this.hitsSincePrune >= PRUNE_EVERY_HITS) {
        this.hitsSincePrune = 0;
        await this.prune(manager);
      }
      return (parseFirstRow('rate_limits.hit', hitsRow, rows)?.hits ?? Number.POSITIVE_INFINITY) <= rule.limit;
    });
  }

  /** Bounded clean-up of long-finished windows, so a flood of distinct addresses does not pile up. */
  private async prune(manager: EntityManager): Promise<void> {
    await manager.query(
      `DELETE FROM ${table} WHERE key IN (
         SELECT key FROM ${table} WHERE window_started_at < now() - make_interval(secs => $1) LIMIT 100)`,
      [RATE_LIMIT_FORGET_AFTER_SECONDS],
    );
  }
}
