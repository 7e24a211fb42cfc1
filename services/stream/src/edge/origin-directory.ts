// Which ingest node carries which seminar, as an edge knows it: announcements from the bus
// (`stream.origin.announced.v1`, repeated while live, forgotten after their ttl or at `stream.ended`),
// else the one statically configured origin (`STREAM_ORIGIN_URL`, a single-ingest deployment).
export interface KnownOrigin {
  originUrl: string;
  companyId: string | undefined;
  streamId: string | undefined;
}

interface Announcement {
  originUrl: string;
  companyId: string;
  streamId: string;
  untilMs: number;
}

export class OriginDirectory {
  private readonly announced = new Map<string, Announcement>();

  constructor(
    private readonly staticOriginUrl?: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Valid for `ttlSeconds` from when the ingest announced it (not from its arrival), so a backlog
   * replayed from the queue cannot revive a stream that is gone. Node clocks must agree within the ttl.
   */
  announce(a: { seminarId: string; companyId: string; streamId: string; originUrl: string; ttlSeconds: number; announcedAtMs: number }): void {
    const untilMs = Math.min(a.announcedAtMs, this.now()) + a.ttlSeconds * 1000;
    if (untilMs <= this.now()) return;
    this.announced.set(a.seminarId, { originUrl: a.originUrl, companyId: a.companyId, streamId: a.streamId, untilMs });
  }

  /** The stream ended: its announcement no longer holds (a newer stream's does). */
  ended(seminarId: string, streamId: string): void {
    if (this.announced.get(seminarId)?.streamId === streamId) this.announced.delete(seminarId);
  }

  originOf(seminarId: string): KnownOrigin | undefined {
    const entry = this.announced.get(seminarId);
    if (entry && entry.untilMs > this.now()) return { originUrl: entry.originUrl, companyId: entry.companyId, streamId: entry.streamId };
    if (entry) this.announced.delete(seminarId);
    return this.staticOriginUrl ? { originUrl: this.staticOriginUrl, companyId: undefined, streamId: undefined } : undefined;
  }

  /** Seminars announced live and not expired, with their company. */
  liveSeminars(): Array<{ seminarId: string; companyId: string }> {
    const now = this.now();
    const live: Array<{ seminarId: string; companyId: string }> = [];
    for (const [seminarId, entry] of this.announced) {
      if (entry.untilMs > now) live.push({ seminarId, companyId: entry.companyId });
      else this.announced.delete(seminarId);
    }
    return live;
  }
}
