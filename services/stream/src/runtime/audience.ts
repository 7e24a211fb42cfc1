// The viewers of a node that serves them (roles `all` and `edge`): who may watch (the authorizer,
// behind the core's revocations and gate), who is watching (joined/left, journalled), and how many;
// with what the node serves them from, it is all the viewers' routes see (edge/viewer-edge.ts).
import { Events } from '@webinar/contracts';
import { PlaybackAuthorizer } from '../edge/playback-authorizer';
import type { PlaybackRevocations } from '../edge/playback-revocations';
import type { ViewerEdge } from '../edge/viewer-edge';
import { type TrackedViewer, ViewerTracker } from '../lifecycle/viewer-tracker';
import type { MediaKeys } from '../media-keys';
import type { FlvSource } from '../serving/flv-source';
import type { HlsStore } from '../serving/hls-store';
import type { MediaCore } from './media-core';

export interface AudienceOptions {
  keys: MediaKeys;
  /** What viewers are served from: the ingest's files, or an edge's cache of its origin. */
  store: HlsStore;
  flv: FlvSource;
  webOrigin: string | undefined;
}

export class Audience implements ViewerEdge {
  readonly authorizer: PlaybackAuthorizer;
  readonly viewers: ViewerTracker;
  readonly revocations: PlaybackRevocations;
  readonly store: HlsStore;
  readonly flv: FlvSource;
  readonly webOrigin: string | undefined;

  constructor(
    private readonly core: MediaCore,
    opts: AudienceOptions,
  ) {
    this.store = opts.store;
    this.flv = opts.flv;
    this.webOrigin = opts.webOrigin;
    this.revocations = core.revocations;
    this.authorizer = new PlaybackAuthorizer({ keys: opts.keys, revocations: core.revocations, ready: () => core.gate.ready });
    this.viewers = new ViewerTracker({
      onJoined: (viewer) => this.publishViewer(Events.ViewerJoined, viewer),
      onLeft: (viewer) => this.publishViewer(Events.ViewerLeft, viewer),
    });
  }

  /**
   * Each node counts its own viewers (`edgeId`); a seminar's audience is the sum over edges. An
   * `all` node counts its live seminars, an edge the seminars announced live or watched on it
   * (`seminars`, asked once the viewers who left are swept out).
   */
  publishCounts(seminars: () => ReadonlyMap<string, string>): void {
    this.viewers.sweep();
    const at = new Date().toISOString();
    for (const [seminarId, companyId] of seminars()) {
      this.core.publish(Events.ViewerCount, { seminarId, companyId, count: this.viewers.count(seminarId), at, edgeId: this.core.instanceId });
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
    if (name === Events.ViewerJoined) this.core.publish(Events.ViewerJoined, { ...base, joinedAt: at });
    else this.core.publish(Events.ViewerLeft, { ...base, leftAt: at });
  }
}
