// Who is watching which seminar, and how. HLS is a series of stateless requests, so an HLS viewer
// has joined at the first request and left after `idleMs` without one; an HTTP-FLV viewer joins with
// its connection and leaves when it closes. Keyed by the viewer's session (the token's `sid`), so
// refreshing a token does not make a new viewer.
import type { PlaybackProtocol } from '@webinar/contracts';

export interface TrackedViewer {
  seminarId: string;
  companyId: string;
  userId: string;
  viewerSessionId: string;
  protocol: PlaybackProtocol;
}

interface Presence {
  viewer: TrackedViewer;
  lastSeenMs: number;
  openConnections: number;
}

export interface ViewerTrackerOptions {
  idleMs?: number;
  now?: () => number;
  onJoined(viewer: TrackedViewer): void;
  onLeft(viewer: TrackedViewer): void;
}

export class ViewerTracker {
  private readonly present = new Map<string, Presence>();
  private readonly now: () => number;

  constructor(private readonly opts: ViewerTrackerOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** An HLS request (playlist or segment) of this viewer. */
  seen(viewer: TrackedViewer): void {
    this.presenceOf(viewer).lastSeenMs = this.now();
  }

  /** A long-lived connection (HTTP-FLV); call the returned function when it closes. */
  connected(viewer: TrackedViewer): () => void {
    const presence = this.presenceOf(viewer);
    presence.openConnections += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      presence.openConnections -= 1;
      presence.lastSeenMs = this.now();
      if (presence.openConnections === 0) this.leave(keyOf(viewer));
    };
  }

  /** Ends HLS viewers that stopped asking; call periodically. */
  sweep(): void {
    const cutoff = this.now() - (this.opts.idleMs ?? 15_000);
    for (const [key, presence] of this.present) {
      if (presence.openConnections === 0 && presence.lastSeenMs < cutoff) this.leave(key);
    }
  }

  /** The stream ended: everyone watching it has left. */
  endSeminar(seminarId: string): void {
    for (const [key, presence] of this.present) if (presence.viewer.seminarId === seminarId) this.leave(key);
  }

  count(seminarId: string): number {
    let n = 0;
    for (const presence of this.present.values()) if (presence.viewer.seminarId === seminarId) n += 1;
    return n;
  }

  /** Seminars with at least one viewer here, with their company. */
  seminars(): Map<string, string> {
    const seminars = new Map<string, string>();
    for (const presence of this.present.values()) seminars.set(presence.viewer.seminarId, presence.viewer.companyId);
    return seminars;
  }

  countByProtocol(): Record<PlaybackProtocol, number> {
    const counts: Record<PlaybackProtocol, number> = { flv: 0, hls: 0 };
    for (const presence of this.present.values()) counts[presence.viewer.protocol] += 1;
    return counts;
  }

  private presenceOf(viewer: TrackedViewer): Presence {
    const key = keyOf(viewer);
    let presence = this.present.get(key);
    if (!presence) {
      presence = { viewer, lastSeenMs: this.now(), openConnections: 0 };
      this.present.set(key, presence);
      this.opts.onJoined(viewer);
    }
    return presence;
  }

  private leave(key: string): void {
    const presence = this.present.get(key);
    if (!presence) return;
    this.present.delete(key);
    this.opts.onLeft(presence.viewer);
  }
}

function keyOf(viewer: TrackedViewer): string {
  return `${viewer.seminarId}:${viewer.viewerSessionId}:${viewer.protocol}`;
}
