// Read access to node-media-server's live broadcasts (pinned 4.4.3 internals, like publish-guard.ts):
// the end of a publish, and viewers attached to a broadcast by the authorised edge (HTTP-FLV relay).
import { randomUUID } from 'node:crypto';
import { nmsContext as Context, type NmsSubscriber } from './nms-internals';

export const LIVE_APP = 'live';

export function streamPathOf(seminarId: string): string {
  return `/${LIVE_APP}/${seminarId}`;
}

/** node-media-server ends a publish after its reconnect grace window: the stream is over. */
export function onPublishEnded(listener: (streamPath: string) => void): () => void {
  const handler = (session: { streamPath?: string }): void => {
    if (typeof session.streamPath === 'string') listener(session.streamPath);
  };
  Context.eventEmitter.on('donePublish', handler);
  return () => Context.eventEmitter.off('donePublish', handler);
}

export interface FlvSink {
  write(chunk: Buffer): void;
  end(): void;
}

export interface FlvTap {
  detach(): void;
}

/**
 * Attaches an authorised viewer to a live broadcast: it receives the FLV header, the sequence
 * headers and the cached GOP, then every tag. Undefined when the seminar is not live.
 */
export function tapFlv(seminarId: string, sink: FlvSink): FlvTap | undefined {
  const streamPath = streamPathOf(seminarId);
  const broadcast = Context.broadcasts.get(streamPath);
  if (!broadcast || broadcast.getPublishStatus() === 'idle') return undefined;
  let attached = true;
  const subscriber: NmsSubscriber = {
    id: randomUUID(),
    // Non-empty: node-media-server treats an empty ip as an internal session and skips counting.
    ip: 'edge',
    protocol: 'flv',
    streamPath,
    sendBuffer: (buffer: Buffer) => sink.write(buffer),
    close: () => detach(),
  };
  const detach = (): void => {
    if (!attached) return;
    attached = false;
    broadcast.donePlay(subscriber);
    sink.end();
  };
  const refused = broadcast.postPlay(subscriber);
  if (refused !== null) return undefined;
  return { detach };
}
