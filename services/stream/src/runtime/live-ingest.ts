// The ingest part of a node (roles `all` and `ingest`): RTMPS with stream-key auth, a remuxer per live
// stream writing HLS under DATA_DIR/hls, the live-stream ledger that a crash leaves behind, the
// lifecycle events (`stream.started/ended`) and, with an origin credential, the origin endpoint that
// edges fetch from, announced on the bus for every live seminar. It orders its node's start and stop
// around the core (media-core.ts).
import { Events, type StreamKeyClaims } from '@webinar/contracts';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RECONNECT_GRACE_MS, IngestServer } from '../ingest/ingest-server';
import { installMediaFaultContainment } from '../ingest/last-resort';
import { StreamKeyVerifier } from '../ingest/stream-key-verifier';
import { LiveLedger } from '../lifecycle/live-ledger';
import { OriginServer } from '../origin/origin-server';
import { resolveFfmpegPath } from '../packaging/ffmpeg-path';
import { RemuxerPool } from '../packaging/remuxer-pool';
import { type FlvSource, localFlvSource } from '../serving/flv-source';
import { fileHlsSource } from '../serving/hls-source';
import { HlsStore } from '../serving/hls-store';
import type { MediaCore } from './media-core';
import type { IngestNodeOptions } from './media-node-options';

interface LiveStream {
  streamId: string;
  companyId: string;
}

const DEFAULT_ANNOUNCE_INTERVAL_MS = 10_000;
/** Under DATA_DIR: the seminars live on this node (lifecycle/live-ledger.ts). */
export const LIVE_LEDGER_FILE = 'live-streams.json';

export class LiveIngest {
  readonly ingest: IngestServer;
  readonly remuxers: RemuxerPool;
  /** Over the remuxers' files: what the origin serves edges, and an all-in-one node its viewers. */
  readonly store: HlsStore;
  readonly flv: FlvSource = localFlvSource;
  /** Absent without an origin credential: this node then serves no edge. */
  readonly origin?: OriginServer;
  private readonly live = new Map<string, LiveStream>();
  private originUrl?: string;
  private readonly hlsRoot: string;
  /** The seminars live here, on disk, for the reconciliation after a crash (ADR-9). */
  private readonly ledger: LiveLedger;
  /** Streams a crash left live, waiting out the reconnect grace window for their presenter. */
  private readonly orphans = new Map<string, NodeJS.Timeout>();
  private uninstallFaultContainment?: () => void;

  constructor(
    private readonly core: MediaCore,
    private readonly opts: IngestNodeOptions,
    /** An all-in-one node's viewers of the seminar leave with its stream. */
    private readonly onStreamEnded: (seminarId: string) => void = () => undefined,
  ) {
    const hlsRoot = opts.hlsRoot ?? join(opts.dataDir, 'hls');
    this.hlsRoot = hlsRoot;
    this.ledger = LiveLedger.open(join(opts.dataDir, LIVE_LEDGER_FILE), opts.logger);
    this.store = new HlsStore({ source: fileHlsSource((seminarId) => join(hlsRoot, seminarId)) });
    this.ingest = new IngestServer({
      tls: opts.tls,
      host: opts.ingest.host,
      rtmpsPort: opts.ingest.rtmpsPort,
      verifier: new StreamKeyVerifier(opts.keys, core.revokedKeys, core.withdrawnPresenters, opts.authority ? core.gate : undefined),
      revokedKeys: core.revokedKeys,
      withdrawnPresenters: core.withdrawnPresenters,
      logger: opts.logger,
      ...(opts.ingest.idleTimeoutMs ? { idleTimeoutMs: opts.ingest.idleTimeoutMs } : {}),
      ...(opts.ingest.reconnectGraceMs !== undefined ? { reconnectGraceMs: opts.ingest.reconnectGraceMs } : {}),
      onStreamStarted: (seminarId, claims) => this.streamStarted(seminarId, claims),
      onStreamEnded: (seminarId) => void this.streamEnded(seminarId),
    });
    if (opts.origin?.credential) {
      this.origin = new OriginServer({
        tls: opts.tls,
        host: opts.origin.host,
        port: opts.origin.port,
        credential: opts.origin.credential,
        store: this.store,
        flv: this.flv,
        logger: opts.logger,
      });
    }
    // Remuxers attach to this process's live broadcasts (tapFlv): no socket carries the stream to them.
    this.remuxers = new RemuxerPool({
      ffmpegPath: opts.ffmpegPath ?? resolveFfmpegPath(),
      hlsRoot,
      logger: opts.logger,
    });
  }

  isLive(seminarId: string): boolean {
    return this.live.has(seminarId);
  }

  /** The seminars live here, with their company. */
  liveSeminars(): Map<string, string> {
    const seminars = new Map<string, string>();
    for (const [seminarId, stream] of this.live) seminars.set(seminarId, stream.companyId);
    return seminars;
  }

  /**
   * Clears what a killed process left and takes over its live streams, opens the node feed, then
   * RTMPS, the origin and its announcements.
   */
  async start(): Promise<void> {
    // Playlists and segments a killed process left behind belong to streams that are over: no viewer
    // may be served them, and a new publish starts a new folder.
    rmSync(this.hlsRoot, { recursive: true, force: true });
    this.reconcileCrashedStreams();
    // Behind the publish guard's per-connection containment: a fault node-media-server throws from
    // its own timers is logged and contained; any other uncaught fault still ends the process (and
    // its supervisor, tools/supervise.mjs or Kubernetes, starts it again).
    this.uninstallFaultContainment = installMediaFaultContainment(this.opts.logger);
    await this.core.open();
    await this.ingest.start();
    if (this.origin) {
      await this.origin.start();
      this.originUrl = this.opts.origin?.publicUrl ?? defaultOriginUrl(this.opts.origin?.host ?? '127.0.0.1', this.origin.address.port);
      this.core.every(this.announceIntervalMs, () => this.announceAll());
    }
  }

  async stop(): Promise<void> {
    // A crashed run's streams are ended below, not by their timers.
    for (const timer of this.orphans.values()) clearTimeout(timer);
    this.orphans.clear();
    await this.core.close();
    await this.origin?.stop();
    await this.ingest.stop();
    // The presenters were just disconnected: their streams end now, not after the reconnect grace
    // window that this process will not live to see, and the end is journalled before we go.
    await Promise.all([...this.live.keys()].map((seminarId) => this.streamEnded(seminarId, 'media node stopped')));
    await this.remuxers.stopAll();
    await this.core.closeJournal();
    rmSync(this.hlsRoot, { recursive: true, force: true });
    this.uninstallFaultContainment?.();
  }

  /**
   * Streams the ledger still lists were live when an earlier run of this node died without ending
   * them. Each is treated like a presenter's dropped connection: live for the reconnect grace window,
   * in which OBS reconnects to the restarted node and the seminar carries on (same stream, no second
   * start); once it passes without the presenter, the stream ends (journalled) and the seminar with it.
   */
  private reconcileCrashedStreams(): void {
    const graceMs = this.opts.ingest.reconnectGraceMs ?? DEFAULT_RECONNECT_GRACE_MS;
    for (const entry of this.ledger.entries()) {
      const { seminarId } = entry;
      this.live.set(seminarId, { streamId: entry.streamId, companyId: entry.companyId });
      this.opts.logger.warn({ seminarId, streamId: entry.streamId, graceMs }, 'stream left live by a crash: waiting for its presenter');
      const timer = setTimeout(() => {
        this.orphans.delete(seminarId);
        void this.streamEnded(seminarId, 'media node crashed');
      }, graceMs);
      timer.unref();
      this.orphans.set(seminarId, timer);
    }
  }

  private get announceIntervalMs(): number {
    return this.opts.origin?.announceIntervalMs ?? DEFAULT_ANNOUNCE_INTERVAL_MS;
  }

  private streamStarted(seminarId: string, claims: StreamKeyClaims): void {
    const orphan = this.orphans.get(seminarId);
    const resumed = orphan ? this.live.get(seminarId) : undefined;
    if (orphan && resumed) {
      // The presenter is back after a crash of this node: the stream carries on, as after a reconnect.
      clearTimeout(orphan);
      this.orphans.delete(seminarId);
      this.opts.logger.info({ seminarId, streamId: resumed.streamId }, 'presenter back after a media restart: stream resumed');
      this.remuxers.start(seminarId);
      this.announce(seminarId, resumed);
      return;
    }
    const stream = { streamId: randomUUID(), companyId: claims.cid };
    const startedAt = new Date().toISOString();
    this.live.set(seminarId, stream);
    // In the ledger before the start is journalled: a crash after it must find the stream to end.
    this.remember({ seminarId, ...stream, startedAt });
    this.remuxers.start(seminarId);
    this.core.publish(Events.StreamStarted, { seminarId, companyId: stream.companyId, streamId: stream.streamId, startedAt });
    this.announce(seminarId, stream);
  }

  /** Published once the reconnect grace window has passed without the presenter (docs/media.md). */
  private async streamEnded(seminarId: string, reason = 'publisher disconnected'): Promise<void> {
    const stream = this.live.get(seminarId);
    if (!stream) return;
    this.live.delete(seminarId);
    this.onStreamEnded(seminarId);
    await this.remuxers.stop(seminarId);
    this.store.forget(seminarId);
    this.core.publish(Events.StreamEnded, {
      seminarId,
      companyId: stream.companyId,
      streamId: stream.streamId,
      endedAt: new Date().toISOString(),
      reason,
    });
    // Only once the end is journalled: a crash before this line ends the stream again at next start.
    this.forget(seminarId);
  }

  private remember(entry: { seminarId: string; companyId: string; streamId: string; startedAt: string }): void {
    try {
      this.ledger.add(entry);
    } catch (error) {
      this.opts.logger.error({ seminarId: entry.seminarId, error: error instanceof Error ? error.message : String(error) }, 'could not write the live-stream ledger');
    }
  }

  private forget(seminarId: string): void {
    try {
      this.ledger.remove(seminarId);
    } catch (error) {
      this.opts.logger.error({ seminarId, error: error instanceof Error ? error.message : String(error) }, 'could not write the live-stream ledger');
    }
  }

  private announceAll(): void {
    for (const [seminarId, stream] of this.live) this.announce(seminarId, stream);
  }

  private announce(seminarId: string, stream: LiveStream): void {
    if (!this.originUrl) return;
    this.core.publish(Events.OriginAnnounced, {
      seminarId,
      companyId: stream.companyId,
      streamId: stream.streamId,
      originUrl: this.originUrl,
      ttlSeconds: Math.max(1, Math.ceil((3 * this.announceIntervalMs) / 1000)),
      announcedAt: new Date().toISOString(),
    });
  }
}

/** A wildcard bind address is no address to reach: edges are then told this host's name. */
function defaultOriginUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? hostname() : host;
  return `https://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
