// Role `all` (one node, the standalone): the ingest (RTMPS → remuxer per live stream, and the origin
// when it has a credential) plus a local edge that serves its viewers from the remuxers' files and
// this process's broadcasts, with no hop in between.
import type { FlvSource } from '../serving/flv-source';
import type { HlsStore } from '../serving/hls-store';
import type { IngestServer } from '../ingest/ingest-server';
import type { PlaybackAuthorizer } from '../edge/playback-authorizer';
import type { PlaybackRevocations } from '../edge/playback-revocations';
import type { ViewerEdge } from '../edge/viewer-edge';
import type { ViewerTracker } from '../lifecycle/viewer-tracker';
import type { OriginServer } from '../origin/origin-server';
import type { RemuxerPool } from '../packaging/remuxer-pool';
import type { RevocationGate } from '../revocation-gate';
import { Audience } from './audience';
import { LiveIngest } from './live-ingest';
import { MediaCore } from './media-core';
import type { AllInOneNodeOptions } from './media-node-options';

export class AllInOneNode implements ViewerEdge {
  readonly role = 'all' as const;
  private readonly core: MediaCore;
  private readonly streams: LiveIngest;
  private readonly audience: Audience;

  constructor(private readonly opts: AllInOneNodeOptions) {
    this.core = new MediaCore(opts);
    this.audience = new Audience(this.core, opts.keys);
    this.streams = new LiveIngest(this.core, opts, (seminarId) => this.audience.viewers.endSeminar(seminarId));
  }

  get instanceId(): string {
    return this.core.instanceId;
  }

  get gate(): RevocationGate {
    return this.core.gate;
  }

  get revocations(): PlaybackRevocations {
    return this.core.revocations;
  }

  get authorizer(): PlaybackAuthorizer {
    return this.audience.authorizer;
  }

  get viewers(): ViewerTracker {
    return this.audience.viewers;
  }

  get store(): HlsStore {
    return this.streams.store;
  }

  get flv(): FlvSource {
    return this.streams.flv;
  }

  get webOrigin(): string | undefined {
    return this.opts.webOrigin;
  }

  get ingest(): IngestServer {
    return this.streams.ingest;
  }

  get remuxers(): RemuxerPool {
    return this.streams.remuxers;
  }

  get origin(): OriginServer | undefined {
    return this.streams.origin;
  }

  isLive(seminarId: string): boolean {
    return this.streams.isLive(seminarId);
  }

  async start(): Promise<void> {
    this.streams.prepare();
    await this.core.open();
    await this.streams.start();
    this.core.every(this.opts.viewerCountIntervalMs ?? 10_000, () => this.audience.publishCounts(() => this.streams.liveSeminars()));
  }

  async stop(): Promise<void> {
    this.streams.cancelOrphans();
    await this.core.close();
    await this.streams.stop();
    await this.core.closeJournal();
    this.streams.cleanUp();
  }
}
