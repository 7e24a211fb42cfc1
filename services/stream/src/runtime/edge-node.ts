// Role `edge`: viewers only. Playlists, segments and FLV come from the seminar's ingest node (found
// through its announcements on the bus, or the static origin of a small deployment), cached and
// collapsed so that each object crosses to each edge once.
//
// Edge-only services (ones that exist for viewers of this node and nothing else) are built in the
// constructor, started in start() once the node feed is open, and stopped in stop() before the
// journal closes, so that what they publish on the way out is journalled.
import { FlvFanout } from '../edge/flv-fanout';
import { OriginClient } from '../edge/origin-client';
import { OriginDirectory } from '../edge/origin-directory';
import type { RevocationGate } from '../revocation-gate';
import { HlsStore } from '../serving/hls-store';
import { Audience } from './audience';
import { MediaCore } from './media-core';
import type { EdgeNodeOptions } from './media-node-options';

/** An edge drops the cache of a seminar nobody asked for in this long. */
const EDGE_IDLE_STREAM_MS = 60_000;

export class EdgeNode {
  readonly role = 'edge' as const;
  /** Which ingest carries which seminar. */
  readonly directory: OriginDirectory;
  /** This edge's viewers, served from the origin through the cached store and the FLV fan-out. */
  readonly audience: Audience;
  private readonly core: MediaCore;
  private readonly store: HlsStore;
  private readonly originClient: OriginClient;
  private readonly fanout: FlvFanout;

  constructor(private readonly opts: EdgeNodeOptions) {
    const { upstream } = opts;
    this.core = new MediaCore(opts);
    this.directory = new OriginDirectory(upstream.staticOriginUrl);
    const client = new OriginClient({
      edgeId: this.core.instanceId,
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
    this.audience = new Audience(this.core, { keys: opts.keys, store: this.store, flv: this.fanout, webOrigin: opts.webOrigin });
    // Edge-only services: built here (see the comment at the top).
  }

  get gate(): RevocationGate {
    return this.core.gate;
  }

  async start(): Promise<void> {
    await this.core.open({ directory: this.directory, onStreamEnded: (seminarId) => this.streamEnded(seminarId) });
    this.core.every(this.opts.viewerCountIntervalMs ?? 10_000, () => {
      this.audience.publishCounts(() => this.watchedSeminars());
      this.store.sweep(EDGE_IDLE_STREAM_MS);
    });
    // Edge-only services: started here, once the node feed is open and the gate is loading.
  }

  async stop(): Promise<void> {
    await this.core.close();
    // Edge-only services: stopped here, before the origin connections close and the journal flushes.
    this.fanout.closeAll();
    this.originClient.close();
    await this.core.closeJournal();
  }

  /** The seminars announced live or watched on this edge, with their company. */
  private watchedSeminars(): Map<string, string> {
    const seminars = new Map<string, string>();
    for (const { seminarId, companyId } of this.directory.liveSeminars()) seminars.set(seminarId, companyId);
    for (const [seminarId, companyId] of this.audience.viewers.seminars()) seminars.set(seminarId, companyId);
    return seminars;
  }

  /** This edge heard that a stream ended on its ingest: its viewers have left, its cache goes. */
  private streamEnded(seminarId: string): void {
    this.audience.viewers.endSeminar(seminarId);
    this.store.forget(seminarId);
  }
}
