// Which seminars this node is streaming right now, on disk (docs/architecture.md, ADR-9): a node
// killed mid-broadcast (SIGKILL, OOM, power cut) never sends the `stream.ended` that would move its
// seminars out of `live`, so the next start of the node reads what the ledger still holds and sends
// those ends itself. The entry is written before `stream.started` is journalled and removed after
// `stream.ended` is, so a crash between the two can only cause a second end, which cms ignores
// (a seminar that is no longer live stays as it is).
//
// The file is tiny (one entry per live seminar) and replaced whole on each change: written to a
// temporary file, fsynced, renamed over the old one, the folder fsynced — a reader sees the old or
// the new ledger, never half of one.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const entrySchema = z.object({
  seminarId: z.string().min(1).max(200),
  companyId: z.string().min(1).max(200),
  streamId: z.string().min(1).max(200),
  startedAt: z.string().min(1).max(100),
});
export type LiveEntry = z.infer<typeof entrySchema>;

const ledgerSchema = z.object({ version: z.literal(1), live: z.array(entrySchema).max(10_000) });

export interface LedgerLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export class LiveLedger {
  private readonly live = new Map<string, LiveEntry>();

  private constructor(private readonly path: string) {}

  /** Reads the ledger an earlier run left (none: empty). An unreadable one is reported and set aside. */
  static open(path: string, logger: LedgerLogger): LiveLedger {
    const ledger = new LiveLedger(path);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return ledger;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = ledgerSchema.safeParse(json);
    if (!parsed.success) {
      // Written atomically, so this is damage from outside; its seminars stay for a moderator to end.
      logger.warn({ path }, 'live-stream ledger unreadable; set aside, no stream end reconciled from it');
      return ledger;
    }
    for (const entry of parsed.data.live) ledger.live.set(entry.seminarId, entry);
    return ledger;
  }

  entries(): LiveEntry[] {
    return [...this.live.values()];
  }

  add(entry: LiveEntry): void {
    this.live.set(entry.seminarId, entry);
    this.write();
  }

  remove(seminarId: string): void {
    if (this.live.delete(seminarId)) this.write();
  }

  private write(): void {
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify({ version: 1, live: this.entries() }));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    const dir = openSync(dirname(this.path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }
}
