// The media tier of one process, wired together: ingest → remuxer per live stream → in-memory edge,
// playback authorisation with the bus's revocations, and the stream lifecycle published on the bus.
import { type EventName, type EventPayload, Events, type StreamKeyClaims } from '@webinar/contracts';
import type { MessageBus, Subscription } from '@webinar/messaging';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { HlsStore } from './edge/hls-store';
import { PlaybackAuthorizer } from './edge/playback-authorizer';
import { PlaybackRevocations } from './edge/playback-revocations';
import { IngestServer, type IngestLogger } from './ingest/ingest-server';
import { RevokedStreamKeys } from './ingest/revoked-stream-keys';
import { StreamKeyVerifier } from './ingest/stream-key-verifier';
import { type TrackedViewer, ViewerTracker } from './lifecycle/viewer-tracker';
import type { MediaKeys } from './media-keys';
import { resolveFfmpegPath } from './packaging/ffmpeg-path';
import { RemuxerPool } from './packaging/remuxer-pool';
import type { TlsMaterial } from './tls-profile';

export interface IngestSettings {
  /** Interface of the RTMPS listener. */
  host: string;
  rtmpsPort: number;
  /** Plain RTMP for the remuxer, bound to 127.0.0.1; 0 picks a free port. */
  loopbackRtmpPort?: number;
  idleTimeoutMs?: number;
  reconnectGraceMs?: number;
}

export interface MediaRuntimeOptions {
  dataDir: string;
  keys: MediaKeys;
  tls?: TlsMaterial;
  /** Absent: this node runs the edge only. */
  ingest?: IngestSettings;
  webOrigin?: string;
  ffmpegPath?: string;
  hlsRoot?: string;
  /** Names this node's revocation queue: every edge needs its own copy of each revocation. */
  instanceId?: string;
  viewerCountIntervalMs?: number;
  remuxReadTimeoutMs?: number;
  logger: IngestLogger;
  bus: MessageBus;
}

interface LiveStream {
  streamId: string;
  companyId: string;
}

export class MediaRuntime {
  readonly revocations = new PlaybackRevocations();
  readonly revokedKeys = new RevokedStreamKeys();
  readonly authorizer: PlaybackAuthorizer;
  readonly store: HlsStore;
  readonly viewers: ViewerTracker;
  readonly remuxers: RemuxerPool;
  readonly ingest?: IngestServer;
  private readonly live = new Map<string, LiveStream>();
  private subscription?: Subscription;
  private countTimer?: NodeJS.Timeout;

  constructor(private readonly opts: MediaRuntimeOptions) {
    const hlsRoot = opts.hlsRoot ?? join(opts.dataDir, 'hls');
    this.authorizer = new PlaybackAuthorizer({ keys: opts.keys, revocations: this.revocations });
    this.store = new HlsStore({ dirOf: (seminarId) => join(hlsRoot, seminarId) });
    this.viewers = new ViewerTracker({
      onJoined: (viewer) => this.publishViewer(Events.ViewerJoined, viewer),
      onLeft: (viewer) => this.publishViewer(Events.ViewerLeft, viewer),
    });
    if (opts.ingest && opts.tls) {
      this.ingest = new IngestServer({
        tls: opts.tls,
        host: opts.ingest.host,
        rtmpsPort: opts.ingest.rtmpsPort,
        loopbackRtmpPort: opts.ingest.loopbackRtmpPort ?? 0,
        verifier: new StreamKeyVerifier(opts.keys, this.revokedKeys),
        revokedKeys: this.revokedKeys,
        logger: opts.logger,
        ...(opts.ingest.idleTimeoutMs ? { idleTimeoutMs: opts.ingest.idleTimeoutMs } : {}),
        ...(opts.ingest.reconnectGraceMs !== undefined ? { reconnectGraceMs: opts.ingest.reconnectGraceMs } : {}),
        onStreamStarted: (seminarId, claims) => this.streamStarted(seminarId, claims),
        onStreamEnded: (seminarId) => void this.streamEnded(seminarId),
      });
    }
    const ingest = this.ingest;
    this.remuxers = new RemuxerPool({
      ffmpegPath: opts.ffmpegPath ?? resolveFfmpegPath(),
      hlsRoot,
      inputUrl: (seminarId) => {
        if (!ingest) throw new Error('This node has no ingest.');
        return ingest.loopbackUrl(seminarId);
      },
      logger: opts.logger,
      ...(opts.remuxReadTimeoutMs ? { readTimeoutMs: opts.remuxReadTimeoutMs } : {}),
    });
  }

  get webOrigin(): string | undefined {
    return this.opts.webOrigin;
  }

  isLive(seminarId: string): boolean {
    return this.live.has(seminarId);
  }

  async start(): Promise<void> {
    const instance = (this.opts.instanceId ?? hostname()).replace(/[^A-Za-z0-9._:-]/g, '-');
    this.subscription = await this.opts.bus.subscribe(
      {
        queue: `stream.revocations.${instance}`,
        events: [Events.SessionRevoked, Events.UserRevoked, Events.RegistrationCancelled, Events.StreamKeyRotated],
      },
      async (message) => {
        const p = message.payload as Record<string, unknown>;
        switch (message.name) {
          case Events.SessionRevoked:
            this.revocations.revokeSession(String(p['sessionId']));
            break;
          case Events.UserRevoked:
            this.revocations.revokeUser(String(p['userId']));
            break;
          case Events.RegistrationCancelled:
            this.revocations.cancelRegistration(String(p['userId']), String(p['seminarId']));
            break;
          case Events.StreamKeyRotated:
            if (typeof p['previousKeyId'] === 'string') this.revokedKeys.revoke(p['previousKeyId']);
            break;
        }
      },
    );
    await this.ingest?.start();
    const interval = this.opts.viewerCountIntervalMs ?? 10_000;
    this.countTimer = setInterval(() => this.publishCounts(), interval);
    this.countTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.countTimer);
    await this.subscription?.cancel();
    await this.ingest?.stop();
    await this.remuxers.stopAll();
  }

  private streamStarted(seminarId: string, claims: StreamKeyClaims): void {
    const stream = { streamId: randomUUID(), companyId: claims.cid };
    this.live.set(seminarId, stream);
    this.remuxers.start(seminarId);
    this.publish(Events.StreamStarted, {
      seminarId,
      companyId: stream.companyId,
      streamId: stream.streamId,
      startedAt: new Date().toISOString(),
    });
  }

  private async streamEnded(seminarId: string): Promise<void> {
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
      reason: 'publisher disconnected',
    });
  }

  private publishCounts(): void {
    this.viewers.sweep();
    const at = new Date().toISOString();
    for (const [seminarId, stream] of this.live) {
      this.publish(Events.ViewerCount, { seminarId, companyId: stream.companyId, count: this.viewers.count(seminarId), at });
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
    this.opts.bus.publish(name, payload).catch((error: unknown) => {
      this.opts.logger.error({ event: name, error: error instanceof Error ? error.message : String(error) }, 'could not publish a stream event');
    });
  }
}
