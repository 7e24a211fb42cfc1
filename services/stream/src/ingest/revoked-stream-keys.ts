// Stream-key ids revoked by rotation (`cms.stream-key.rotated.v1`). A key's window is bounded by its
// exp, but the event does not carry it, so an entry is kept for a fixed retention (longer than any
// key window cms issues) and then dropped to keep the set small.
const DEFAULT_RETENTION_MS = 7 * 24 * 3600 * 1000;

export class RevokedStreamKeys {
  private readonly revokedUntil = new Map<string, number>();
  private readonly listeners = new Set<(keyId: string) => void>();

  constructor(
    private readonly retentionMs = DEFAULT_RETENTION_MS,
    private readonly now: () => number = Date.now,
  ) {}

  revoke(keyId: string): void {
    this.revokedUntil.set(keyId, this.now() + this.retentionMs);
    for (const listener of this.listeners) listener(keyId);
    this.purge();
  }

  has(keyId: string): boolean {
    const until = this.revokedUntil.get(keyId);
    return until !== undefined && until > this.now();
  }

  /** Called on every revocation: a live publisher using that key is disconnected. */
  onRevoked(listener: (keyId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private purge(): void {
    const now = this.now();
    for (const [id, until] of this.revokedUntil) if (until <= now) this.revokedUntil.delete(id);
  }
}
