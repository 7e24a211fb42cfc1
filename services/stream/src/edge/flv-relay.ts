// HTTP-FLV through the authorised edge (never node-media-server's own, unauthenticated play): the
// viewer is attached to the seminar's FLV source (the broadcast in this process, or an edge's shared
// origin connection), receives the sequence headers and the cached GOP, then every tag. It is cut
// when its token expires or is revoked (the player reconnects with a fresh token), and when it
// cannot keep up.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ViewerEdge } from './viewer-edge';
import type { FlvTap } from '../serving/flv-source';
import type { AuthorizedViewer } from './playback-authorizer';
import { PlaybackErrors } from './playback.errors';
import { trackedViewer } from './tracked-viewer';

export const FLV_FILE = 'stream.flv';
/** A viewer this far behind is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface FlvRequest {
  media: ViewerEdge;
  viewer: AuthorizedViewer;
  seminarId: string;
  token: string;
  request: FastifyRequest;
  reply: FastifyReply;
}

export async function serveFlv({ media, viewer, seminarId, reply }: FlvRequest): Promise<void> {
  const raw = reply.raw;
  let ended = false;
  // Filled in as the connection is set up; cut() undoes whatever exists when it runs.
  const held: { tap?: FlvTap; release?: () => void; expiry?: NodeJS.Timeout; unwatch?: () => void } = {};
  // The source sends the header, sequence headers and GOP while attaching: hold them until the
  // response head (with the security and CORS headers) is written.
  let early: Buffer[] | undefined = [];
  function cut(): void {
    if (ended) return;
    ended = true;
    clearTimeout(held.expiry);
    held.unwatch?.();
    held.tap?.detach();
    held.release?.();
    raw.end();
  }
  // Registered before attaching: a viewer that goes away while the source connects is not leaked.
  raw.once('close', cut);
  const tap = await media.flv.tap(seminarId, {
    write: (chunk) => {
      if (ended) return;
      if (early) return void early.push(chunk);
      if (raw.writableLength > MAX_BUFFERED_BYTES) return cut();
      raw.write(chunk);
    },
    end: () => cut(),
  });
  if (ended) return tap?.detach();
  if (!tap) throw PlaybackErrors.notLive();
  void reply.hijack();
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'video/x-flv',
    'cache-control': 'no-store',
  });
  for (const chunk of early) raw.write(chunk);
  early = undefined;
  held.tap = tap;
  held.release = media.viewers.connected(trackedViewer(viewer, 'flv'));
  held.expiry = setTimeout(() => cut(), Math.max(viewer.expiresAtMs - Date.now(), 0));
  held.unwatch = media.revocations.onChange(() => {
    if (!media.authorizer.stillAllowed(viewer, seminarId, 'flv')) cut();
  });
}
