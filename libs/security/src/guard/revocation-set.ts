// Revoked sessions and users, checked on every request. Access tokens live at most minutes, so an
// entry is only needed until the last token it could match has expired (`until`); after that it is
// dropped and the set stays small. In-memory per process: the service feeds it from the bus.

export interface RevocationSetOptions {
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

interface UserRevocation {
  /** Tokens issued at or before this instant (ms) are revoked. */
  revokedAtMs: number;
  untilMs: number;
}

const SWEEP_INTERVAL_MS = 60_000;

export class RevocationSet {
  private readonly sessions = new Map<string, number>();
  private readonly users = new Map<string, UserRevocation>();
  /** Per session: its tokens that carry root's elevation, issued up to revokedAtMs, are refused. */
  private readonly elevations = new Map<string, UserRevocation>();
  private readonly now: () => number;
  private lastSweepMs: number;

  constructor(opts: RevocationSetOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.lastSweepMs = this.now();
  }

  /** Every token of this session is refused. `until`: epoch seconds after which none can still be valid. */
  revokeSession(sessionId: string, until: number): void {
    const untilMs = until * 1000;
    this.sessions.set(sessionId, Math.max(untilMs, this.sessions.get(sessionId) ?? 0));
    this.sweepNowAndThen();
  }

  /**
   * Every token of this user issued up to now (or up to `revokedAtMs`, when replaying a recorded
   * revocation) is refused; a later login gets working tokens again.
   */
  revokeUser(userId: string, until: number, revokedAtMs: number = this.now()): void {
    const previous = this.users.get(userId);
    this.users.set(userId, {
      revokedAtMs: Math.max(revokedAtMs, previous?.revokedAtMs ?? 0),
      untilMs: Math.max(until * 1000, previous?.untilMs ?? 0),
    });
    this.sweepNowAndThen();
  }

  /**
   * The session's elevated tokens issued up to now are refused; its ordinary tokens are not, so
   * ending root's elevation early leaves the session (and every non-elevated token) working.
   */
  revokeElevation(sessionId: string, until: number): void {
    const previous = this.elevations.get(sessionId);
    this.elevations.set(sessionId, { revokedAtMs: this.now(), untilMs: Math.max(until * 1000, previous?.untilMs ?? 0) });
    this.sweepNowAndThen();
  }

  /** `issuedAt`: the token's iat (epoch seconds); without it a user revocation applies to any token. */
  isRevoked(identity: { sessionId: string; userId: string; elevated?: boolean }, issuedAt?: number): boolean {
    const now = this.now();
    const sessionUntil = this.sessions.get(identity.sessionId);
    if (sessionUntil !== undefined && sessionUntil > now) return true;
    if (identity.elevated === true && RevocationSet.covers(this.elevations.get(identity.sessionId), now, issuedAt)) return true;
    return RevocationSet.covers(this.users.get(identity.userId), now, issuedAt);
  }

  private static covers(revocation: UserRevocation | undefined, now: number, issuedAt: number | undefined): boolean {
    if (revocation === undefined || revocation.untilMs <= now) return false;
    // iat has one-second resolution: a token from the same second as the revocation counts as revoked.
    return issuedAt === undefined || issuedAt * 1000 <= revocation.revokedAtMs;
  }

  get size(): number {
    return this.sessions.size + this.users.size + this.elevations.size;
  }

  /** Drops entries whose tokens have all expired. */
  purgeExpired(): void {
    const now = this.now();
    for (const [id, untilMs] of this.sessions) if (untilMs <= now) this.sessions.delete(id);
    for (const [id, entry] of this.users) if (entry.untilMs <= now) this.users.delete(id);
    for (const [id, entry] of this.elevations) if (entry.untilMs <= now) this.elevations.delete(id);
    this.lastSweepMs = now;
  }

  private sweepNowAndThen(): void {
    if (this.now() - this.lastSweepMs >= SWEEP_INTERVAL_MS) this.purgeExpired();
  }
}
