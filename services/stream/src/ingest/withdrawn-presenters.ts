// Presenter grants withdrawn by the company's admin (`cms.grant.changed.v1` whose role set for the
// seminar no longer holds `presenter`). A stream key names its presenter (`sub`) and seminar (`sem`),
// and cms only issues one to a current presenter, so every key of that presenter for that seminar
// issued up to the withdrawal is refused from then on, and a live publisher using one is cut. A key
// issued later (after a new grant) is accepted: the withdrawal time is compared with the key's `iat`,
// both set by cms's clock. A key issued in the same second as the withdrawal is refused too (iat has
// a one-second resolution); the presenter issues another.
const DEFAULT_RETENTION_MS = 7 * 24 * 3600 * 1000;

export interface Withdrawal {
  userId: string;
  seminarId: string;
  atMs: number;
}

export class WithdrawnPresenters {
  private readonly withdrawals = new Map<string, { atMs: number; untilMs: number }>();
  private readonly listeners = new Set<(withdrawal: Withdrawal) => void>();

  constructor(
    private readonly retentionMs = DEFAULT_RETENTION_MS,
    private readonly now: () => number = Date.now,
  ) {}

  withdraw(withdrawal: Withdrawal): void {
    const key = keyOf(withdrawal.userId, withdrawal.seminarId);
    const previous = this.withdrawals.get(key);
    // Messages may arrive out of order: the latest withdrawal covers the earlier ones.
    const atMs = Math.max(previous?.atMs ?? 0, withdrawal.atMs);
    this.withdrawals.set(key, { atMs, untilMs: this.now() + this.retentionMs });
    this.purge();
    for (const listener of this.listeners) listener({ ...withdrawal, atMs });
  }

  /** Whether a key of this presenter for this seminar, issued at `issuedAt` (epoch seconds), is refused. */
  refuses(userId: string, seminarId: string, issuedAt: number | undefined): boolean {
    const entry = this.withdrawals.get(keyOf(userId, seminarId));
    if (!entry || entry.untilMs <= this.now()) return false;
    return issuedAt === undefined || issuedAt * 1000 <= entry.atMs;
  }

  /** Called on every withdrawal: live publishers whose key it covers are disconnected. */
  onWithdrawn(listener: (withdrawal: Withdrawal) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private purge(): void {
    const now = this.now();
    for (const [key, entry] of this.withdrawals) if (entry.untilMs <= now) this.withdrawals.delete(key);
  }
}

function keyOf(userId: string, seminarId: string): string {
  return `${userId}:${seminarId}`;
}
