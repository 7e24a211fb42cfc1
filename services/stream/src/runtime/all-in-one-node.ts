// Role `all` (one node, the standalone): the ingest (RTMPS → remuxer per live stream, and the origin
// when it has a credential) plus a local edge that serves its viewers from the remuxers' files and
// this process's broadcasts, with no hop in between.
import type { RevocationGate } from '../revocation-gate';
import { Audience } from './audience';
import { LiveIngest } from './live-ingest';
import { MediaCore } from './media-core';
import type { AllInOneNodeOptions } from './media-node-options';

export class AllInOneNode {
  readonly role = 'all' as const;
  /** RTMPS, remuxers, live streams and the origin, as on an ingest node. */
  readonly live: LiveIngest;
  /** The local edge's viewers, served from `live`'s files and broadcasts. */
  readonly audience: Audience;
  private readonly core: MediaCore;

  constructor(private readonly opts: AllInOneNodeOptions) {
    this.core = new MediaCore(opts);
    // The viewers of a seminar leave with its stream.
    this.live = new LiveIngest(this.core, opts, (seminarId) => this.audience.viewers.endSeminar(seminarId));
    this.audience = new Audience(this.core, { keys: opts.keys, store: this.live.store, flv: this.live.flv, webOrigin: opts.webOrigin });
  }

  get gate(): RevocationGate {
    return this.core.gate;
  }

  async start(): Promise<void> {
    await this.live.start();
    this.core.every(this.opts.viewerCountIntervalMs ?? 10_000, () => this.audience.publishCounts(() => this.live.liveSeminars()));
  }

  async stop(): Promise<void> {
    await this.live.stop();
  }
}
