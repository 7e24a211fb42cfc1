// The publish guard: the ONE module that reaches into node-media-server's internals for publishing.
// It only holds for the pinned 4.4.3 (root package.json pins it exactly); the attack suite in
// test/ingest-attacks.int-spec.ts fails if an upgrade changes what it wraps.
//
// Why it exists (each reproduced, see ../shared/STACK.md): node-media-server emits its publish
// hooks synchronously and ignores their result, so they cannot veto or await; its own rejection only
// half-closes the socket and goes on relaying the rejected publisher's packets (a second encoder's
// sequence header reached viewers and corrupted the live stream). So the guard takes over the three
// callbacks of the RTMP parser: a publish waits for the async stream-key check while its packets are
// held, only the accepted publisher's packets are forwarded, and every refusal destroys the socket.
import type { Socket } from 'node:net';
import { nmsLogger, type NmsPacket, RtmpSession } from './nms-internals';

export interface PublishRequest {
  app: string;
  /** The stream name before `?` (the seminar id for our publishers). */
  name: string;
  /** The `key` parameter of the stream key's query, when exactly one was given. */
  key: string | undefined;
  remoteAddress: string;
}

export interface PublishGuardOptions {
  /** Resolves to an opaque grant when the publish may go ahead, to undefined when it may not. */
  authorize(request: PublishRequest): Promise<PublishGrant | undefined>;
  /** Only the loopback listener (the remuxer) may play; presenters' connections only publish. */
  allowPlay: boolean;
  /** How long a dropped publisher may come back and continue the same stream. */
  reconnectGraceMs: number;
  /** A publisher whose key check has not finished may send at most this much before it is dropped. */
  maxHeldBytes: number;
  onRefused(reason: string, request: PublishRequest | undefined): void;
  onAccepted(publisher: AcceptedPublisher): void;
}

export interface PublishGrant {
  /** The key's id; revoking it disconnects this publisher. */
  keyId: string;
}

export interface AcceptedPublisher {
  streamPath: string;
  seminarId: string;
  grant: PublishGrant;
  /** The same client came back within the grace window: viewers continue the same stream. */
  resumed: boolean;
  disconnect: () => void;
}

/** node-media-server keeps "address:port"; a reconnect differs in port only. */
function addressOf(ip: string | undefined): string {
  return (ip ?? '').replace(/:\d+$/, '');
}

type GuardState = 'connected' | 'checking' | 'publishing' | 'refused' | 'closed';

/** Sends node-media-server's console logging to our logger (warnings and errors only). */
export function routeMediaServerLogs(sink: (level: 'warn' | 'error', message: string) => void): void {
  nmsLogger.level = 'warn';
  nmsLogger.log = (message: string, level = 'info') => {
    if (level === 'warn' || level === 'error') sink(level, message);
  };
}

/** Runs one RTMP connection through node-media-server with the guard in front of publishing. */
export function guardRtmpConnection(socket: Socket, opts: PublishGuardOptions): void {
  const session = new RtmpSession(socket);
  session.run();
  const forward = session.onPacket;
  const startPublish = session.onPush;
  const startPlay = session.onPlay;
  let state: GuardState = 'connected';
  let held: NmsPacket[] = [];
  let heldBytes = 0;
  let request: PublishRequest | undefined;

  const refuse = (reason: string): void => {
    if (state === 'refused' || state === 'closed') return;
    state = 'refused';
    held = [];
    opts.onRefused(reason, request);
    // Never session.close(): that half-closes and the parser goes on relaying what still arrives.
    socket.destroy();
  };
  socket.once('close', () => {
    if (state !== 'refused') state = 'closed';
    held = [];
  });

  session.rtmp.onPlayCallback = () => {
    if (!opts.allowPlay) return refuse('play is not offered on this listener');
    startPlay();
  };

  session.rtmp.onPacketCallback = (packet) => {
    if (state === 'publishing' && session.broadcast.publisher === session) {
      forward(packet);
    } else if (state === 'checking') {
      // The parser hands out its per-chunk-stream receive buffer, not a copy, and refills it with the
      // next message on that chunk stream. Forwarding is synchronous (node-media-server copies into its
      // own messages at once), but a held packet outlives the parse: without a copy, by the time the key
      // check ends the held metadata and sequence headers hold bytes of later frames. That corrupted
      // every remuxer's probe ("Invalid data found when processing input") and the cached headers every
      // later viewer gets, whenever the check took longer than a few frames, e.g. under load.
      packet.data = Buffer.from(packet.data.subarray(0, packet.size));
      held.push(packet);
      heldBytes += packet.size;
      if (heldBytes > opts.maxHeldBytes) refuse('too much media before the stream key was checked');
    } else {
      // Media from a connection that is not the accepted publisher (a player sending packets, a
      // publisher that was replaced): dropped, and the connection with it.
      refuse('media from a connection that is not the accepted publisher');
    }
  };

  session.rtmp.onPushCallback = () => {
    if (state !== 'connected') return refuse('a second publish on one connection');
    state = 'checking';
    const keys = session.streamQuery.key;
    request = {
      app: session.streamApp,
      name: session.streamName,
      key: typeof keys === 'string' ? keys : undefined,
      remoteAddress: socket.remoteAddress ?? '',
    };
    opts.authorize(request).then(
      (grant) => accept(grant),
      () => refuse('the stream key check failed'),
    );
  };

  const accept = (grant: PublishGrant | undefined): void => {
    if (state !== 'checking') return; // closed or refused while the check ran
    if (!grant) return refuse('stream key refused');
    const broadcast = session.broadcast;
    // node-media-server would answer a second publisher with a half-close after relaying its
    // sequence headers; we refuse before it sees the publish, so the live stream is untouched.
    if (broadcast.getPublishStatus() === 'publishing') return refuse('the seminar already has a live publisher');
    broadcast.publishGraceMs = opts.reconnectGraceMs;
    const previous = broadcast.publisher;
    const resumed =
      broadcast.getPublishStatus() === 'reconnecting' && addressOf(previous?.ip) === addressOf(session.ip);
    startPublish();
    if (broadcast.publisher !== session) return refuse('the media server refused the publish');
    state = 'publishing';
    const pending = held;
    held = [];
    for (const packet of pending) forward(packet);
    opts.onAccepted({
      streamPath: session.streamPath,
      seminarId: session.streamName,
      grant,
      resumed,
      disconnect: () => refuse('the stream key was revoked'),
    });
  };
}
