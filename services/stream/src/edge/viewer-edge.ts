// What the viewers' routes need of the node they run on (roles `all` and `edge`): declared here, below
// the compositions in runtime/, so that the edge never imports the node that contains it.
import type { FlvSource } from '../serving/flv-source';
import type { HlsStore } from '../serving/hls-store';
import type { ViewerTracker } from '../lifecycle/viewer-tracker';
import type { PlaybackAuthorizer } from './playback-authorizer';
import type { PlaybackRevocations } from './playback-revocations';

export interface ViewerEdge {
  readonly authorizer: PlaybackAuthorizer;
  readonly revocations: PlaybackRevocations;
  readonly store: HlsStore;
  readonly flv: FlvSource;
  readonly viewers: ViewerTracker;
  /** The web app's origin: the only one CORS lets read media. */
  readonly webOrigin: string | undefined;
}
