import { parseEvent } from '@webinar/contracts';
import { type DataSource, type EntityManager } from 'typeorm';
import { backoffDelay } from '../backoff';
import { describeError, MessagingError } from '../errors';
import { type Logger } from '../logger';
import { type MessageBus } from '../message-bus';
import { quoteSchema } from './sql-identifier';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  schema: string;
  bus: MessageBus;
  logger: Logger;
  /** Interval between polls when idle. Default 200 ms. */
  pollMs?: number;
  /** Rows claimed per transaction. Default 100. */
  batchSize?: number;
  /** Upper bound of the backoff after a failure (broker or database down). Default 10 s. */
  maxBackoffMs?: number;
}

interface OutboxRow {
  id: string;
  name: string;
  payload: unknown;
  headers: Record<string, string> | null;
  occurred_at: Date | string;
}

interface BatchOutcome {
  claimed: number;
  published: number;
  failure?: { id: string; error: unknown };
}

/**
 * Publishes committed outbox rows to the bus, oldest first. A row is marked published only after
 * the broker confirmed it, in the same transaction that holds its row lock, so a crash at any
 * point means "published again" and never "lost". `FOR UPDATE SKIP LOCKED` lets several replicas
 * relay the same schema without publishing a row twice at the same time.
 */
export class OutboxRelay {
  private readonly table: string;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly maxBackoffMs: number;
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
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops polling and waits for a batch in progress to finish. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.tail;
  }

  /** Relays soon, e.g. right after a commit that enqueued events. Ignored while backing off. */
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
      const outcome = await this.options.dataSource.transaction((manager) => this.relayBatch(manager));
      total += outcome.published;
      if (outcome.failure) {
        throw new MessagingError('OUTBOX_PUBLISH_FAILED', `Could not publish outbox row ${outcome.failure.id}`, {
          cause: outcome.failure.error,
        });
      }
      if (outcome.claimed < this.batchSize) return total;
    }
  }

  private async relayBatch(manager: EntityManager): Promise<BatchOutcome> {
    const rows: OutboxRow[] = await manager.query(
      `SELECT id, name, payload, headers, occurred_at FROM ${this.table}
        WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [this.batchSize],
    );
    const published: string[] = [];
    let failure: BatchOutcome['failure'];
    for (const row of rows) {
      try {
        await this.publishRow(row);
        published.push(row.id);
      } catch (error) {
        // Stop at the first failure: later rows must not overtake this one.
        failure = { id: row.id, error };
        break;
      }
    }
    if (published.length > 0) {
      await manager.query(`UPDATE ${this.table} SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])`, [
        published,
      ]);
    }
    if (failure) {
      await manager.query(`UPDATE ${this.table} SET attempts = attempts + 1 WHERE id = $1`, [failure.id]);
    }
    // Returned, not thrown, so the marks above commit together with the failure count.
    return { claimed: rows.length, published: published.length, failure };
  }

  private async publishRow(row: OutboxRow): Promise<void> {
    const parsed = parseEvent(row.name, row.payload);
    if (!parsed.ok) {
      // enqueue() validated it, so only a hand-edited row or an incompatible contract change gets
      // here. It blocks the rows behind it until someone repairs it: loudly, and never skipped.
      this.options.logger.error({ schema: this.options.schema, id: row.id, event: row.name, reason: parsed.reason }, 'outbox row is invalid');
      throw new MessagingError('INVALID_PAYLOAD', parsed.reason);
    }
    const occurredAt = row.occurred_at instanceof Date ? row.occurred_at.toISOString() : new Date(row.occurred_at).toISOString();
    await this.options.bus.publish(parsed.name, parsed.payload, { id: row.id, headers: row.headers ?? {}, occurredAt });
  }
}
