import { type DataSource } from 'typeorm';
import { backoffDelay } from '../backoff';
import { describeError, MessagingError } from '../errors';
import { type Logger } from '../logger';
import { type MessageBus } from '../message-bus';
import { onEnqueuedCommit } from './commit-signal';
import { quoteSchema } from './sql-identifier';
import { type OutboxRow, storedEnvelope } from './stored-envelope';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  schema: string;
  bus: MessageBus;
  logger: Logger;
  /** Interval between polls when idle. Default 200 ms. */
  pollMs?: number;
  /** Rows claimed at a time. Default 100. */
  batchSize?: number;
  /**
   * How long a claim keeps other relays off its rows. Default 60 s: far longer than a batch takes
   * (publishing stops at the first failure, and each publish has its own timeout), so under normal
   * operation no row is published twice; a crashed relay's rows wait this long.
   */
  leaseMs?: number;
  /** Upper bound of the backoff after a failure (broker or database down). Default 10 s. */
  maxBackoffMs?: number;
}

interface BatchOutcome {
  claimed: number;
  published: number;
  failure?: { id: string; error: unknown };
}

/**
 * Publishes committed outbox rows to the bus, oldest first, without holding a lock or a transaction
 * while it waits for the broker: it claims a batch (one short UPDATE … FOR UPDATE SKIP LOCKED that
 * sets a lease and commits at once), publishes the stored envelopes, then marks them sent. A row is
 * marked only after the broker confirmed it, so a crash at any point means "published again" (the
 * consumers' inbox absorbs it) and never "lost": a crashed relay's rows are claimed again once their
 * lease has run out. Several relays (replicas) on one table each claim different rows.
 *
 * Each commit that enqueued a message through this relay's DataSource wakes it; polling is the
 * safety net (other processes' commits, a missed wake-up, retries after a failure).
 */
export class OutboxRelay {
  private readonly table: string;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly maxBackoffMs: number;
  private readonly leaseSeconds: number;
  private stopListening: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private failures = 0;
  private pokedWhileBusy = false;
  private busy = false;
  // Serialises ticks and flush() calls: one batch at a time per relay keeps the order.
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: OutboxRelayOptions) {
    this.table = `${quoteSchema(options.schema)}.outbox`;
    this.pollMs = options.pollMs ?? 200;
    this.batchSize = options.batchSize ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.leaseSeconds = (options.leaseMs ?? 60_000) / 1000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopListening = onEnqueuedCommit(this.options.dataSource, this.options.schema, () => this.poke());
    this.schedule(0);
  }

  /** Stops polling and waits for a batch in progress to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopListening?.();
    this.stopListening = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.tail;
  }

  /** Relays soon; every commit that enqueued through this DataSource calls it. Ignored while backing off. */
  poke(): void {
    if (!this.running || this.failures > 0) return;
    if (this.busy) {
      this.pokedWhileBusy = true;
      return;
    }
    this.schedule(0);
  }

  /**
   * Publishes everything pending now and returns how many rows it published. Rejects with
   * OUTBOX_PUBLISH_FAILED if a row could not be published; that row and those after it stay
   * pending.
   */
  flush(): Promise<number> {
    return this.exclusive(() => this.relayAll());
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, delayMs);
    // A relay alone must not keep a process (or a test run) alive.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.busy = true;
    this.pokedWhileBusy = false;
    let delay = this.pollMs;
    try {
      await this.exclusive(() => this.relayAll());
      this.failures = 0;
      if (this.pokedWhileBusy) delay = 0;
    } catch (error) {
      delay = Math.min(this.maxBackoffMs, backoffDelay({ initialMs: this.pollMs, maxMs: this.maxBackoffMs }, this.failures));
      this.failures += 1;
      this.options.logger.warn(
        { schema: this.options.schema, failures: this.failures, retryInMs: delay, err: describeError(error) },
        'outbox relay failed; pending rows stay for the next attempt',
      );
    } finally {
      this.busy = false;
    }
    this.schedule(delay);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async relayAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const outcome = await this.relayBatch();
      total += outcome.published;
      if (outcome.failure) {
        throw new MessagingError('OUTBOX_PUBLISH_FAILED', `Could not publish outbox row ${outcome.failure.id}`, {
          cause: outcome.failure.error,
        });
      }
      if (outcome.claimed < this.batchSize) return total;
    }
  }

  /** Claims the oldest pending rows nobody holds (no lease, or an expired one); commits at once. */
  private claim(): Promise<OutboxRow[]> {
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], and RETURNING has no order.
    return this.options.dataSource.query(
      `WITH claimed AS (
         UPDATE ${this.table} SET claimed_until = now() + make_interval(secs => $2)
          WHERE id IN (SELECT id FROM ${this.table}
                        WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                        ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, seq, name, payload, headers, occurred_at)
       SELECT id, name, payload, headers, occurred_at FROM claimed ORDER BY seq`,
      [this.batchSize, this.leaseSeconds],
    );
  }

  private async relayBatch(): Promise<BatchOutcome> {
    const rows = await this.claim();
    const published: string[] = [];
    let failure: BatchOutcome['failure'];
    for (const row of rows) {
      try {
        await this.options.bus.publishEnvelope(storedEnvelope(row));
        published.push(row.id);
      } catch (error) {
        // Stop at the first failure: later rows must not overtake this one.
        failure = { id: row.id, error };
        break;
      }
    }
    const db = this.options.dataSource;
    if (published.length > 0) {
      await db.query(`UPDATE ${this.table} SET published_at = now(), claimed_until = NULL, attempts = attempts + 1 WHERE id = ANY($1::uuid[])`, [
        published,
      ]);
    }
    if (failure) {
      // Released at once, in order, for the next attempt (this relay's or another's).
      const unpublished = rows.slice(published.length).map((row) => row.id);
      await db.query(`UPDATE ${this.table} SET claimed_until = NULL, attempts = attempts + (id = $2)::int WHERE id = ANY($1::uuid[])`, [
        unpublished,
        failure.id,
      ]);
    }
    return { claimed: rows.length, published: published.length, failure };
  }
}
