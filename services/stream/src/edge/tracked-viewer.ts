import type { PlaybackProtocol } from '@webinar/contracts';
import type { TrackedViewer } from '../lifecycle/viewer-tracker';
import type { AuthorizedViewer } from './playback-authorizer';

export function trackedViewer(viewer: AuthorizedViewer, protocol: PlaybackProtocol): TrackedViewer {
  return {
    seminarId: viewer.claims.sem,
    companyId: viewer.claims.cid,
    userId: viewer.claims.sub,
    viewerSessionId: viewer.claims.sid,
    protocol,
  };
}
