// What the bus has revoked for viewers: sessions (logout, `auth.session.revoked.v1`), users
// (`auth.user.revoked.v1`) and registrations (`cms.registration.cancelled.v1`). Checked on every
// request against cached tokens, so a revocation takes effect as soon as its message arrives.
import { RevocationSet } from '@webinar/security';

/** Playback tokens live at most 5 minutes (cms); entries are kept a little longer, then dropped. */
export const MAX_PLAYBACK_TOKEN_SECONDS = 300;
const RETENTION_SECONDS = MAX_PLAYBACK_TOKEN_SECONDS + 60;

export interface ViewerIdentity {
  userId: string;
  sessionId: string;
  seminarId: string;
  /** The token's iat (epoch seconds). */
  issuedAt: number | undefined;
}

export class PlaybackRevocations {
  private readonly set: RevocationSet;
  /** `${userId}:${seminarId}` → cancellation instant and expiry of the entry (ms). */
  private readonly registrations = new Map<string, { cancelledAtMs: number; untilMs: number }>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now) {
    this.set = new RevocationSet({ now });
  }

  revokeSession(sessionId: string): void {
    this.set.revokeSession(sessionId, this.until());
    this.changed();
  }

  /** `atMs`: when it happened (a snapshot's entry); default now (a bus message, as it arrives). */
  revokeUser(userId: string, atMs?: number): void {
    this.set.revokeUser(userId, this.until(), atMs);
    this.changed();
  }

  cancelRegistration(userId: string, seminarId: string, atMs?: number): void {
    const now = this.now();
    const key = `${userId}:${seminarId}`;
    // Out of order (a snapshot after a bus message): the latest cancellation covers the earlier ones.
    const cancelledAtMs = Math.max(atMs ?? now, this.registrations.get(key)?.cancelledAtMs ?? 0);
    this.registrations.set(key, { cancelledAtMs, untilMs: now + RETENTION_SECONDS * 1000 });
    for (const [key, entry] of this.registrations) if (entry.untilMs <= now) this.registrations.delete(key);
    this.changed();
  }

  isRevoked(viewer: ViewerIdentity): boolean {
    if (this.set.isRevoked({ sessionId: viewer.sessionId, userId: viewer.userId }, viewer.issuedAt)) return true;
    const registration = this.registrations.get(`${viewer.userId}:${viewer.seminarId}`);
    if (!registration || registration.untilMs <= this.now()) return false;
    // A token issued after the cancellation comes from a new registration.
    return viewer.issuedAt === undefined || viewer.issuedAt * 1000 <= registration.cancelledAtMs;
  }

  /** Long-lived connections (HTTP-FLV) re-check their viewer on every revocation. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private until(): number {
    return Math.floor(this.now() / 1000) + RETENTION_SECONDS;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
