// A durable outgoing path for a service without a database (the media tier): every event is
// appended to a journal file and fsynced before it is published, and published from the journal with
// publisher confirms, in the order it was written, retrying through broker outages. A crash or a
// restart loses nothing: the next start re-reads the journal and publishes what was not confirmed.
// Consumers de-duplicate by the envelope id, which the journal keeps, so a re-sent event has no
// second effect (the inbox).
//
// File format (one JSON object a line, appended only): `{"e": <envelope>}` records an event,
// `{"a": "<id>"}` its broker confirm. A torn last line (a crash mid-write) is ignored. Once nothing
// is pending and the file has grown past `compactBytes`, it is replaced by an empty one.
import { type EventName, type EventPayload } from '@webinar/contracts';
import { mkdirSync, openSync, closeSync, readFileSync, writeSync, fsyncSync, statSync, renameSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { backoffDelay, type BackoffOptions, sleep } from '../backoff';
import { createEnvelope, type Envelope } from '../envelope';
import { isMessagingError, type MessagingErrorCode } from '../errors';
import type { Logger } from '../logger';
import type { MessageBus } from '../message-bus';

export interface JournalOutboxOptions {
  /** Folder of the journal (created 0700). One process per folder. */
  dir: string;
  bus: MessageBus;
  logger: Logger;
  /** Pause between failed publishes. Default 250 ms doubling up to 5 s. */
  retry?: BackoffOptions;
  /** The journal is replaced by an empty file past this size once nothing is pending. Default 1 MiB. */
  compactBytes?: number;
}

const JOURNAL_FILE = 'journal.ndjson';
const DEFAULT_COMPACT_BYTES = 1024 * 1024;

const UNPUBLISHABLE: ReadonlySet<MessagingErrorCode> = new Set(['UNKNOWN_EVENT', 'INVALID_PAYLOAD', 'INVALID_ENVELOPE']);

type JournalLine = { e: Envelope } | { a: string };

export class JournalOutbox {
  private readonly path: string;
  private fd: number;
  private readonly pending: Envelope[] = [];
  private draining?: Promise<void>;
  private closed = false;
  private wake?: () => void;
  private readonly drainedWaiters = new Set<() => void>();

  private constructor(private readonly opts: JournalOutboxOptions) {
    mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
    this.path = join(opts.dir, JOURNAL_FILE);
    this.pending.push(...readPending(this.path, opts.logger));
    // What survived a crash is written anew into a fresh file, so the file only ever holds a tail.
    this.fd = this.rewrite(this.pending);
  }

  /** Opens (or creates) the journal and starts publishing what an earlier run left unconfirmed. */
  static open(opts: JournalOutboxOptions): JournalOutbox {
    const outbox = new JournalOutbox(opts);
    if (outbox.pending.length > 0) {
      opts.logger.info({ pending: outbox.pending.length }, 'publishing events left in the journal by an earlier run');
    }
    outbox.draining = outbox.drain();
    return outbox;
  }

  /** Events written but not yet confirmed by the broker. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /**
   * Validates the event, writes it durably (fsync) and queues it for publishing. Throws on an invalid
   * payload (a producer bug) or when the journal cannot be written: the caller learns at once.
   */
  enqueue<N extends EventName>(name: N, payload: EventPayload<N>): Envelope<N> {
    if (this.closed) throw new Error('The journal outbox is closed.');
    const envelope = createEnvelope(name, payload);
    this.append({ e: envelope }, true);
    this.pending.push(envelope);
    this.wake?.();
    return envelope;
  }

  /** Resolves true once every event written so far is confirmed, false after `timeoutMs`. */
  async flush(timeoutMs: number): Promise<boolean> {
    if (this.pending.length === 0) return true;
    let done!: () => void;
    const drained = new Promise<void>((resolve) => (done = resolve));
    this.drainedWaiters.add(done);
    const timer = new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    const result = await Promise.race([drained.then(() => true), timer]);
    this.drainedWaiters.delete(done);
    return result;
  }

  /** Stops publishing; what is still pending stays in the journal for the next start. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    await this.draining;
    closeSync(this.fd);
  }

  private async drain(): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      const next = this.pending[0];
      if (!next) {
        this.compactIfLarge();
        for (const done of this.drainedWaiters) done();
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      try {
        await this.opts.bus.publish(next.name, next.payload, { id: next.id, occurredAt: next.occurredAt, headers: next.headers });
        failures = 0;
        this.pending.shift();
        // Not fsynced: a lost confirm line only means the event is sent again, and consumers
        // de-duplicate by its id.
        this.append({ a: next.id }, false);
      } catch (error) {
        if (isMessagingError(error) && UNPUBLISHABLE.has(error.code)) {
          // Retrying cannot help (a journal edited by hand, an event renamed since): dropped, loudly.
          this.opts.logger.error({ event: next.name, id: next.id, code: error.code }, 'dropping a journalled event that can never be published');
          this.pending.shift();
          this.append({ a: next.id }, false);
          continue;
        }
        const delay = backoffDelay(this.opts.retry ?? { initialMs: 250, maxMs: 5_000 }, failures);
        failures += 1;
        if (failures === 1 || failures % 20 === 0) {
          this.opts.logger.warn(
            { event: next.name, pending: this.pending.length, error: error instanceof Error ? error.message : String(error) },
            'could not publish a journalled event; retrying',
          );
        }
        await Promise.race([sleep(delay), new Promise<void>((resolve) => (this.wake = resolve))]);
        this.wake = undefined;
      }
    }
  }

  private append(line: JournalLine, durable: boolean): void {
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
    if (durable) fsyncSync(this.fd);
  }

  private compactIfLarge(): void {
    if (statSync(this.path).size < (this.opts.compactBytes ?? DEFAULT_COMPACT_BYTES)) return;
    const old = this.fd;
    this.fd = this.rewrite([]);
    closeSync(old);
  }

  /** Replaces the journal with one holding `events`, atomically (write, fsync, rename). */
  private rewrite(events: readonly Envelope[]): number {
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    for (const envelope of events) writeSync(fd, `${JSON.stringify({ e: envelope })}\n`);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.path);
    fsyncDir(this.opts.dir);
    return openSync(this.path, 'a', 0o600);
  }
}

/** The events of a journal without their confirm, in the order they were written. */
function readPending(path: string, logger: Logger): Envelope[] {
  if (!existsSync(path)) return [];
  const byId = new Map<string, Envelope>();
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((text, index) => {
    if (text.trim() === '') return;
    let line: unknown;
    try {
      line = JSON.parse(text);
    } catch {
      // Only the last line can be torn by a crash; anything else is a damaged file, said loudly.
      if (index < lines.length - 1 && lines.slice(index + 1).some((rest) => rest.trim() !== '')) {
        logger.error({ line: index + 1, path }, 'skipping an unreadable journal line');
      }
      return;
    }
    if (isEventLine(line)) byId.set(line.e.id, line.e);
    else if (isConfirmLine(line)) byId.delete(line.a);
  });
  return [...byId.values()];
}

function isEventLine(line: unknown): line is { e: Envelope } {
  if (typeof line !== 'object' || line === null || !('e' in line)) return false;
  const e = line.e;
  return typeof e === 'object' && e !== null && typeof (e as Envelope).id === 'string' && typeof (e as Envelope).name === 'string';
}

function isConfirmLine(line: unknown): line is { a: string } {
  return typeof line === 'object' && line !== null && typeof (line as { a?: unknown }).a === 'string';
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
