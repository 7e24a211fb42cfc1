// Role `ingest`: RTMPS and packaging without viewers, plus the origin endpoint that edges fetch from,
// announced on the bus for every live seminar (docs/media.md, "Scale-out: ingest and edge roles").
import type { RevocationGate } from '../revocation-gate';
import { LiveIngest } from './live-ingest';
import { MediaCore } from './media-core';
import type { IngestNodeOptions } from './media-node-options';

export class IngestNode {
  readonly role = 'ingest' as const;
  /** RTMPS, remuxers, live streams and the origin. */
  readonly live: LiveIngest;
  private readonly core: MediaCore;

  constructor(opts: IngestNodeOptions) {
    this.core = new MediaCore(opts);
    this.live = new LiveIngest(this.core, opts);
  }

  get gate(): RevocationGate {
    return this.core.gate;
  }

  async start(): Promise<void> {
    await this.live.start();
    if (!this.live.origin) this.core.logger.warn({}, 'no origin secret configured: this ingest serves no edge (ORIGIN_SECRET_FILE)');
  }

  async stop(): Promise<void> {
    await this.live.stop();
  }
}
