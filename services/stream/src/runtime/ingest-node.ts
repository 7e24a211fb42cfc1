// Role `ingest`: RTMPS and packaging without viewers, plus the origin endpoint that edges fetch from,
// announced on the bus for every live seminar (docs/media.md, "Scale-out: ingest and edge roles").
import type { IngestServer } from '../ingest/ingest-server';
import type { OriginServer } from '../origin/origin-server';
import type { RemuxerPool } from '../packaging/remuxer-pool';
import type { RevocationGate } from '../revocation-gate';
import { LiveIngest } from './live-ingest';
import { MediaCore } from './media-core';
import type { IngestNodeOptions } from './media-node-options';

export class IngestNode {
  readonly role = 'ingest' as const;
  private readonly core: MediaCore;
  private readonly streams: LiveIngest;

  constructor(opts: IngestNodeOptions) {
    this.core = new MediaCore(opts);
    this.streams = new LiveIngest(this.core, opts);
  }

  get instanceId(): string {
    return this.core.instanceId;
  }

  get gate(): RevocationGate {
    return this.core.gate;
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
    if (!this.streams.origin) this.core.logger.warn({}, 'no origin secret configured: this ingest serves no edge (ORIGIN_SECRET_FILE)');
  }

  async stop(): Promise<void> {
    this.streams.cancelOrphans();
    await this.core.close();
    await this.streams.stop();
    await this.core.closeJournal();
    this.streams.cleanUp();
  }
}
