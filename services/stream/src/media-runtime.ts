// The media tier of one process, wired together for its role (docs/media.md):
// - `all`: ingest → remuxer per live stream → in-memory edge, in one process (one node, standalone);
// - `ingest`: the same without viewers, plus the origin endpoint that edges fetch from, announced on
//   the bus for every live seminar;
// - `edge`: viewers only; playlists, segments and FLV come from the seminar's ingest node, cached and
//   collapsed so that each object crosses to each edge once.
// Every role applies the bus's revocations, and publishes its part of the stream lifecycle.
import { type EventName, type EventPayload, Events, type StreamKeyClaims } from '@webinar/contracts';
import { JournalOutbox, type MessageBus, type Subscription } from '@webinar/messaging';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { FlvFanout } from './edge/flv-fanout';
import { type FlvSource, localFlvSource } from './serving/flv-source';
import { fileHlsSource } from './serving/hls-source';
import { HlsStore } from './serving/hls-store';
import { OriginClient } from './edge/origin-client';
import { OriginDirectory } from './edge/origin-directory';
import { PlaybackAuthorizer } from './edge/playback-authorizer';
import { PlaybackRevocations } from './edge/playback-revocations';
import { DEFAULT_RECONNECT_GRACE_MS, IngestServer, type IngestLogger } from './ingest/ingest-server';
import { installMediaFaultContainment } from './ingest/last-resort';
import { RevokedStreamKeys } from './ingest/revoked-stream-keys';
import { StreamKeyVerifier } from './ingest/stream-key-verifier';
import { WithdrawnPresenters } from './ingest/withdrawn-presenters';
import { LiveLedger } from './lifecycle/live-ledger';
import { type TrackedViewer, ViewerTracker } from './lifecycle/viewer-tracker';
import type { MediaKeys } from './media-keys';
import { applyNodeEvent, applySnapshots, nodeFeedEvents } from './node-feed';
import type { MediaAuthority } from './authority/media-authority';
import { RevocationGate } from './revocation-gate';
import type { InternalCredential as EdgeCredential } from '@webinar/security';
import { OriginServer } from './origin/origin-server';
import { resolveFfmpegPath } from './packaging/ffmpeg-path';
import { RemuxerPool } from './packaging/remuxer-pool';
import type { StreamRole } from './stream.constants';
import type { TlsMaterial } from './tls-profile';

export interface IngestSettings {
  /** Interface of the RTMPS listener. */
  host: string;
  rtmpsPort: number;
  idleTimeoutMs?: number;
  reconnectGraceMs?: number;
}

/** An ingest's origin endpoint, for edges. */
export interface OriginSettings {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Absent: the origin stays closed (no listener), whatever else is configured. */
  credential: EdgeCredential | undefined;
  /** What edges are told to fetch from; default https://<host>:<port>. */
  publicUrl?: string;
  /** How often live seminars are announced; an edge forgets one after three missed announcements. */
  announceIntervalMs?: number;
}

/** Where an edge fetches from. */
export interface UpstreamSettings {
  credential: EdgeCredential;
  /** The single ingest of a small deployment, used when no announcement names one. */
  staticOriginUrl?: string;
  /** PEM certificate(s) trusted for origins' TLS; default the system's CAs. */
  ca?: Buffer;
  /** About half a segment duration: N viewers polling cost one origin fetch per interval. */
  playlistTtlMs?: number;
  maxSegmentBytes?: number;
}

export interface MediaRuntimeOptions {
  /** Default `all`. */
  role?: StreamRole;
  dataDir: string;
  keys: MediaKeys;
  tls?: TlsMaterial;
  /** Roles `all` and `ingest`; absent: no RTMPS on this node. */
  ingest?: IngestSettings;
  /** Roles `all` and `ingest`: serve edges. */
  origin?: OriginSettings;
  /** Role `edge` (required there). */
  upstream?: UpstreamSettings;
  webOrigin?: string;
  ffmpegPath?: string;
  hlsRoot?: string;
  /** Names this node: its bus queue (every node needs every revocation) and its edge id. */
  instanceId?: string;
  viewerCountIntervalMs?: number;
  logger: IngestLogger;
  bus: MessageBus;
  /**
   * cms and auth (docs/architecture.md, "Revocations survive media restarts"): every publish attempt
   * is asked of cms, and the node serves nobody until their revocation snapshot is loaded. The
   * processes always set it (main.ts, standalone); absent, only the bus's revocations apply.
   */
  authority?: MediaAuthority;
}

interface LiveStream {
  streamId: string;
  companyId: string;
}

const DEFAULT_ANNOUNCE_INTERVAL_MS = 10_000;
/** Under DATA_DIR: the seminars live on this node (lifecycle/live-ledger.ts). */
export const LIVE_LEDGER_FILE = 'live-streams.json';
/** How long a stopping node waits for the broker to confirm its last events. */
const STOP_FLUSH_MS = 5_000;
/** An edge drops the cache of a seminar nobody asked for in this long. */
const EDGE_IDLE_STREAM_MS = 60_000;

export class MediaRuntime {
  readonly role: StreamRole;
  /** This node's name on the bus and towards origins. */
  readonly instanceId: string;
  readonly revocations = new PlaybackRevocations();
  readonly revokedKeys = new RevokedStreamKeys();
  readonly withdrawnPresenters = new WithdrawnPresenters();
  /** Closed until the revocation snapshot is loaded (when an authority is configured). */
  readonly gate: RevocationGate;
  readonly authorizer: PlaybackAuthorizer;
  readonly store: HlsStore;
  readonly flv: FlvSource;
  readonly viewers: ViewerTracker;
  readonly remuxers: RemuxerPool;
  readonly ingest?: IngestServer;
  readonly origin?: OriginServer;
  /** Edges: which ingest carries which seminar. */
  readonly directory?: OriginDirectory;
  private readonly originClient?: OriginClient;
  private readonly fanout?: FlvFanout;
  private readonly live = new Map<string, LiveStream>();
  private originUrl?: string;
  private subscription?: Subscription;
  private timers: NodeJS.Timeout[] = [];
  /** Every event this node publishes goes through it, so a broker outage loses none (docs/architecture.md). */
  private readonly journal: JournalOutbox;
  private readonly hlsRoot: string;
  /** Nodes with an ingest: the seminars live here, on disk, for the reconciliation after a crash (ADR-9). */
  private readonly ledger?: LiveLedger;
  /** Streams a crash left live, waiting out the reconnect grace window for their presenter. */
  private readonly orphans = new Map<string, NodeJS.Timeout>();
  private uninstallFaultContainment?: () => void;

  constructor(private readonly opts: MediaRuntimeOptions) {
    this.role = opts.role ?? 'all';
    this.instanceId = (opts.instanceId ?? hostname()).replace(/[^A-Za-z0-9._:-]/g, '-').slice(0, 100) || 'node';
    const hlsRoot = opts.hlsRoot ?? join(opts.dataDir, 'hls');
    this.hlsRoot = hlsRoot;
    this.journal = JournalOutbox.open({ dir: join(opts.dataDir, 'outbox'), bus: opts.bus, logger: opts.logger });
    if (this.role !== 'edge') this.ledger = LiveLedger.open(join(opts.dataDir, LIVE_LEDGER_FILE), opts.logger);
    this.gate = new RevocationGate({
      ...(opts.authority ? { authority: opts.authority } : {}),
      apply: (snapshots) => {
        const invalid = applySnapshots(snapshots, this.feedTargets());
        if (invalid > 0) opts.logger.warn({ invalid }, 'revocation snapshot entries refused as invalid');
      },
      logger: opts.logger,
    });
    this.authorizer = new PlaybackAuthorizer({ keys: opts.keys, revocations: this.revocations, ready: () => this.gate.ready });
    this.viewers = new ViewerTracker({
      onJoined: (viewer) => this.publishViewer(Events.ViewerJoined, viewer),
      onLeft: (viewer) => this.publishViewer(Events.ViewerLeft, viewer),
    });
    if (this.role === 'edge') {
      const upstream = opts.upstream;
      if (!upstream) throw new Error('An edge needs upstream settings (the origin credential).');
      this.directory = new OriginDirectory(upstream.staticOriginUrl);
      const client = new OriginClient({
        edgeId: this.instanceId,
        credential: upstream.credential,
        directory: this.directory,
        ...(upstream.ca ? { ca: upstream.ca } : {}),
      });
      this.originClient = client;
      this.store = new HlsStore({
        source: client,
        playlistTtlMs: upstream.playlistTtlMs ?? 500,
        ...(upstream.maxSegmentBytes ? { maxSegmentBytes: upstream.maxSegmentBytes } : {}),
      });
      this.fanout = new FlvFanout({ open: (seminarId) => client.openFlv(seminarId) });
      this.flv = this.fanout;
    } else {
      this.store = new HlsStore({ source: fileHlsSource((seminarId) => join(hlsRoot, seminarId)) });
      this.flv = localFlvSource;
    }
    if (this.role !== 'edge' && opts.ingest && opts.tls) {
      this.ingest = new IngestServer({
        tls: opts.tls,
        host: opts.ingest.host,
        rtmpsPort: opts.ingest.rtmpsPort,
        verifier: new StreamKeyVerifier(opts.keys, this.revokedKeys, this.withdrawnPresenters, opts.authority ? this.gate : undefined),
        revokedKeys: this.revokedKeys,
        withdrawnPresenters: this.withdrawnPresenters,
        logger: opts.logger,
        ...(opts.ingest.idleTimeoutMs ? { idleTimeoutMs: opts.ingest.idleTimeoutMs } : {}),
        ...(opts.ingest.reconnectGraceMs !== undefined ? { reconnectGraceMs: opts.ingest.reconnectGraceMs } : {}),
        onStreamStarted: (seminarId, claims) => this.streamStarted(seminarId, claims),
        onStreamEnded: (seminarId) => void this.streamEnded(seminarId),
      });
    }
    if (this.role !== 'edge' && opts.origin?.credential && opts.tls) {
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

  get webOrigin(): string | undefined {
    return this.opts.webOrigin;
  }

  /** Whether this node serves viewers (roles `all` and `edge`). */
  get servesViewers(): boolean {
    return this.role !== 'ingest';
  }

  isLive(seminarId: string): boolean {
    return this.live.has(seminarId);
  }

  async start(): Promise<void> {
    const edge = this.role === 'edge';
    // Playlists and segments a killed process left behind belong to streams that are over: no viewer
    // may be served them, and a new publish starts a new folder.
    if (!edge) rmSync(this.hlsRoot, { recursive: true, force: true });
    this.reconcileCrashedStreams();
    // Behind the publish guard's per-connection containment: a fault node-media-server throws from
    // its own timers is logged and contained; any other uncaught fault still ends the process (and
    // its supervisor, tools/supervise.mjs or Kubernetes, starts it again).
    if (this.ingest) this.uninstallFaultContainment = installMediaFaultContainment(this.opts.logger);
    this.subscription = await this.opts.bus.subscribe(
      { queue: `stream.revocations.${this.instanceId}`, events: nodeFeedEvents(edge) },
      async (message) =>
        applyNodeEvent(message, {
          revocations: this.revocations,
          revokedKeys: this.revokedKeys,
          withdrawnPresenters: this.withdrawnPresenters,
          ...(this.directory ? { directory: this.directory } : {}),
          ...(edge ? { onStreamEnded: (seminarId: string) => this.edgeStreamEnded(seminarId) } : {}),
        }),
    );
    // Subscribed first, so nothing announced while the snapshot loads is missed; until it has loaded
    // (retried in the background) viewers get 503 and publishes are refused.
    await this.gate.start();
    await this.ingest?.start();
    if (this.origin) {
      await this.origin.start();
      this.originUrl = this.opts.origin?.publicUrl ?? defaultOriginUrl(this.opts.origin?.host ?? '127.0.0.1', this.origin.address.port);
      this.every(this.announceIntervalMs, () => this.announceAll());
    } else if (this.role === 'ingest') {
      this.opts.logger.warn({}, 'no origin secret configured: this ingest serves no edge (ORIGIN_SECRET_FILE)');
    }
    if (this.servesViewers) {
      this.every(this.opts.viewerCountIntervalMs ?? 10_000, () => {
        this.publishCounts();
        if (edge) this.store.sweep(EDGE_IDLE_STREAM_MS);
      });
    }
  }

  async stop(): Promise<void> {
    for (const timer of this.orphans.values()) clearTimeout(timer);
    this.orphans.clear();
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.gate.stop();
    await this.subscription?.cancel();
    this.fanout?.closeAll();
    this.originClient?.close();
    await this.origin?.stop();
    await this.ingest?.stop();
    // The presenters were just disconnected: their streams end now, not after the reconnect grace
    // window that this process will not live to see, and the end is journalled before we go.
    await Promise.all([...this.live.keys()].map((seminarId) => this.streamEnded(seminarId, 'media node stopped')));
    await this.remuxers.stopAll();
    if (!(await this.journal.flush(STOP_FLUSH_MS))) {
      this.opts.logger.warn({ pending: this.journal.pendingCount }, 'events still unpublished at stop stay in the journal for the next start');
    }
    await this.journal.close();
    if (this.role !== 'edge') rmSync(this.hlsRoot, { recursive: true, force: true });
    this.uninstallFaultContainment?.();
  }

  /**
   * Streams the ledger still lists were live when an earlier run of this node died without ending
   * them. Each is treated like a presenter's dropped connection: live for the reconnect grace window,
   * in which OBS reconnects to the restarted node and the seminar carries on (same stream, no second
   * start); once it passes without the presenter, the stream ends (journalled) and the seminar with it.
   */
  private reconcileCrashedStreams(): void {
    const graceMs = this.opts.ingest?.reconnectGraceMs ?? DEFAULT_RECONNECT_GRACE_MS;
    for (const entry of this.ledger?.entries() ?? []) {
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

  /** What a snapshot applies to: the same sets the bus feeds. */
  private feedTargets(): { revocations: PlaybackRevocations; revokedKeys: RevokedStreamKeys; withdrawnPresenters: WithdrawnPresenters } {
    return { revocations: this.revocations, revokedKeys: this.revokedKeys, withdrawnPresenters: this.withdrawnPresenters };
  }

  private get announceIntervalMs(): number {
    return this.opts.origin?.announceIntervalMs ?? DEFAULT_ANNOUNCE_INTERVAL_MS;
  }

  private every(ms: number, run: () => void): void {
    const timer = setInterval(run, ms);
    timer.unref();
    this.timers.push(timer);
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
    this.publish(Events.StreamStarted, { seminarId, companyId: stream.companyId, streamId: stream.streamId, startedAt });
    this.announce(seminarId, stream);
  }

  /** Published once the reconnect grace window has passed without the presenter (docs/media.md). */
  private async streamEnded(seminarId: string, reason = 'publisher disconnected'): Promise<void> {
    const stream = this.live.get(seminarId);
    if (!stream) return;
    this.live.delete(seminarId);
    this.viewers.endSeminar(seminarId);
    await this.remuxers.stop(seminarId);
    this.store.forget(seminarId);
    this.publish(Events.StreamEnded, {
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
      this.ledger?.add(entry);
    } catch (error) {
      this.opts.logger.error({ seminarId: entry.seminarId, error: error instanceof Error ? error.message : String(error) }, 'could not write the live-stream ledger');
    }
  }

  private forget(seminarId: string): void {
    try {
      this.ledger?.remove(seminarId);
    } catch (error) {
      this.opts.logger.error({ seminarId, error: error instanceof Error ? error.message : String(error) }, 'could not write the live-stream ledger');
    }
  }

  /** An edge heard that a stream ended on its ingest: its viewers have left, its cache goes. */
  private edgeStreamEnded(seminarId: string): void {
    this.viewers.endSeminar(seminarId);
    this.store.forget(seminarId);
  }

  private announceAll(): void {
    for (const [seminarId, stream] of this.live) this.announce(seminarId, stream);
  }

  private announce(seminarId: string, stream: LiveStream): void {
    if (!this.originUrl) return;
    this.publish(Events.OriginAnnounced, {
      seminarId,
      companyId: stream.companyId,
      streamId: stream.streamId,
      originUrl: this.originUrl,
      ttlSeconds: Math.max(1, Math.ceil((3 * this.announceIntervalMs) / 1000)),
      announcedAt: new Date().toISOString(),
    });
  }

  /**
   * Each node counts its own viewers (`edgeId`); a seminar's audience is the sum over edges. An
   * `all` node counts its live seminars, an edge the seminars announced live or watched on it.
   */
  private publishCounts(): void {
    this.viewers.sweep();
    const at = new Date().toISOString();
    const seminars = new Map<string, string>();
    for (const [seminarId, stream] of this.live) seminars.set(seminarId, stream.companyId);
    if (this.role === 'edge') {
      for (const { seminarId, companyId } of this.directory?.liveSeminars() ?? []) seminars.set(seminarId, companyId);
      for (const [seminarId, companyId] of this.viewers.seminars()) seminars.set(seminarId, companyId);
    }
    for (const [seminarId, companyId] of seminars) {
      this.publish(Events.ViewerCount, { seminarId, companyId, count: this.viewers.count(seminarId), at, edgeId: this.instanceId });
    }
  }

  private publishViewer(name: typeof Events.ViewerJoined | typeof Events.ViewerLeft, viewer: TrackedViewer): void {
    const base = {
      seminarId: viewer.seminarId,
      companyId: viewer.companyId,
      userId: viewer.userId,
      viewerSessionId: viewer.viewerSessionId,
    };
    const at = new Date().toISOString();
    if (name === Events.ViewerJoined) this.publish(Events.ViewerJoined, { ...base, joinedAt: at });
    else this.publish(Events.ViewerLeft, { ...base, leftAt: at });
  }

  private publish<N extends EventName>(name: N, payload: EventPayload<N>): void {
    try {
      this.journal.enqueue(name, payload);
    } catch (error) {
      // An invalid payload (our bug) or a journal that cannot be written (a full or broken volume).
      this.opts.logger.error({ event: name, error: error instanceof Error ? error.message : String(error) }, 'could not journal a stream event');
    }
  }
}

/** A wildcard bind address is no address to reach: edges are then told this host's name. */
function defaultOriginUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? hostname() : host;
  return `https://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
