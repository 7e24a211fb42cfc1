// Per-account exponential backoff on password and TOTP attempts (ASVS 6.3.1 / 6.1.1), stored in the
// database so that it holds across processes and restarts. Keyed by the e-mail blind index whether
// or not an account exists (no enumeration through 429s).
//
// An attempt is *claimed* before the password is checked, in one atomic statement: it counts as a
// failure up front and is refused outright while the account is backing off. A success then clears
// the row. Counting first means parallel guesses cannot slip past the check-then-increment gap, and
// a refused attempt never reaches argon2 — not even with the right password.
import { Inject, Injectable } from '@nestjs/common';
import { backoffDelay } from '@webinar/messaging';
import { DATABASE, type Database } from '@webinar/persistence';
import type { EntityManager } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.options';
import { asAuthSystem } from '../system-tx';

/** Failures allowed without any wait; the next one waits the base (setting, default 1 s), doubling up to CAP. */
export const BACKOFF_FREE_FAILURES = 3;
export const BACKOFF_CAP_SECONDS = 15 * 60;
/** A record whose last failure is older than this starts counting afresh (and is pruned). */
export const BACKOFF_FORGET_AFTER_SECONDS = 24 * 3600;

export type AttemptClaim = { allowed: true; failures: number } | { allowed: false; retryAfterSeconds: number };

/** The wait after the `failures`-th failure, in seconds (pure: the SQL below computes the same). */
export function backoffDelaySeconds(failures: number, baseSeconds = 1): number {
  if (failures < BACKOFF_FREE_FAILURES) return 0;
  const schedule = { initialMs: baseSeconds * 1000, maxMs: BACKOFF_CAP_SECONDS * 1000, jitter: 0 };
  return backoffDelay(schedule, failures - BACKOFF_FREE_FAILURES) / 1000;
}

const table = `"${AUTH_SCHEMA}"."login_backoff"`;
// failures → wait, in SQL ($3 is the base); the exponent is bounded so power() never overflows.
const delaySql = (failures: string): string =>
  `CASE WHEN ${failures} < ${BACKOFF_FREE_FAILURES} THEN 0
        ELSE least($3::int * power(2, least(${failures} - ${BACKOFF_FREE_FAILURES}, 30)), ${BACKOFF_CAP_SECONDS}) END`;

@Injectable()
export class LoginBackoffs {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(AUTH_SETTINGS) private readonly settings: Pick<AuthSettings, 'passwordBackoffBaseSeconds'>,
  ) {}

  /** Counts one attempt for `emailIndex`, or refuses it with the seconds left to wait. Own transaction. */
  async claim(emailIndex: string): Promise<AttemptClaim> {
    return asAuthSystem(this.database, 'login-backoff', async (manager) => {
      const claimed: { failures: number }[] = await manager.query(
        `WITH counted AS (
           INSERT INTO ${table} AS b (email_index, failures, next_attempt_at, last_failure_at)
           VALUES ($1, 1, now() + make_interval(secs => ${delaySql('1')}), now())
           ON CONFLICT (email_index) DO UPDATE
              SET failures = CASE WHEN b.last_failure_at < now() - make_interval(secs => $2) THEN 1 ELSE b.failures + 1 END,
                  next_attempt_at = now() + make_interval(secs => ${delaySql(
                    `(CASE WHEN b.last_failure_at < now() - make_interval(secs => $2) THEN 1 ELSE b.failures + 1 END)`,
                  )}),
                  last_failure_at = now()
            -- clock_timestamp(), not now(): a claim that waited for a concurrent one's row lock must
            -- compare with the time it runs, not with its transaction's start, which may precede the
            -- other's next_attempt_at even when no wait was set (a spurious 429 for a free attempt).
            WHERE b.next_attempt_at <= clock_timestamp()
           RETURNING failures)
         SELECT failures FROM counted`,
        [emailIndex, BACKOFF_FORGET_AFTER_SECONDS, this.settings.passwordBackoffBaseSeconds],
      );
      const row = claimed[0];
      if (row) {
        await this.prune(manager);
        return { allowed: true, failures: row.failures };
      }
      const waiting: { seconds: number }[] = await manager.query(
        `SELECT greatest(1, ceil(extract(epoch FROM next_attempt_at - now())))::int AS seconds FROM ${table} WHERE email_index = $1`,
        [emailIndex],
      );
      return { allowed: false, retryAfterSeconds: waiting[0]?.seconds ?? 1 };
    });
  }

  /** A success: forget the failures, in the caller's transaction (with the session it opens). */
  async reset(manager: EntityManager, emailIndex: string): Promise<void> {
    await manager.query(`DELETE FROM ${table} WHERE email_index = $1`, [emailIndex]);
  }

  /** Bounded clean-up of records nobody has failed on for a day, so guessed addresses do not pile up. */
  private async prune(manager: EntityManager): Promise<void> {
    await manager.query(
      `DELETE FROM ${table} WHERE email_index IN (
         SELECT email_index FROM ${table} WHERE last_failure_at < now() - make_interval(secs => $1) LIMIT 100)`,
      [BACKOFF_FORGET_AFTER_SECONDS],
    );
  }
}
