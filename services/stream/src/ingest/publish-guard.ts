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
//
// It also contains the parser itself (docs/media.md "Ingest hardening"): node-media-server parses in
// the socket's 'data' handler and throws on malformed input, and an uncaught exception there ended
// the process. So the guard feeds the parser itself, inside try/catch (an exception closes that
// connection only), checks commands, control and media messages before the parser acts on them
// (rtmp-command-check.ts), and bounds what a connection may make the parser allocate until its
// publish is authorised.
import type { Socket } from 'node:net';
import { missingInternals, nmsLogger, type NmsPacket, RtmpSession } from './nms-internals';
import {
  checkCommand,
  checkControl,
  checkMedia,
  RTMP_TYPE_FLEX_MESSAGE,
  RtmpRefusal,
} from './rtmp-command-check';

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
  /** Whether this listener offers play; the ingest offers none (the remuxer taps the broadcast in-process). */
  allowPlay: boolean;
  /** How long a dropped publisher may come back and continue the same stream. */
  reconnectGraceMs: number;
  /** A publisher whose key check has not finished may send at most this much before it is dropped. */
  maxHeldBytes: number;
  /** A connection must have an authorised publish (or a started play) this soon after it opened. */
  publishDeadlineMs?: number;
  /** What the parser may allocate for a connection before its publish is authorised. */
  budget?: Partial<ParserBudget>;
  onRefused(reason: string, request: PublishRequest | undefined, detail?: string): void;
  onAccepted(publisher: AcceptedPublisher): void;
  /** The connection authenticated: a publish was accepted or a play started. */
  onAuthenticated?(): void;
}

export interface ParserBudget {
  /** Chunk streams a connection may open before its publish is authorised. */
  maxChunkStreams: number;
  /** Largest message before a publish (commands and control only). */
  maxMessageBytesBeforePublish: number;
  /** Largest message while the stream key is checked (sequence headers, a first keyframe). */
  maxMessageBytesWhileChecking: number;
  /** Total of the parser's receive buffers before a publish. */
  maxBufferedBytesBeforePublish: number;
}

export const DEFAULT_PUBLISH_DEADLINE_MS = 10_000;
export const DEFAULT_PARSER_BUDGET: ParserBudget = {
  maxChunkStreams: 8,
  maxMessageBytesBeforePublish: 64 * 1024,
  maxMessageBytesWhileChecking: 2 * 1024 * 1024,
  maxBufferedBytesBeforePublish: 512 * 1024,
};
/** An accepted publisher is trusted with more chunk streams, not without limit. */
const MAX_CHUNK_STREAMS_PUBLISHING = 64;
/** What a held packet costs beyond its bytes (object, header): tiny packets cannot dodge maxHeldBytes. */
const HELD_PACKET_OVERHEAD = 256;

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

type GuardState = 'connected' | 'checking' | 'publishing' | 'playing' | 'refused' | 'closed';

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
  const rtmp = session.rtmp;
  const forward = session.onPacket;
  const startPublish = session.onPush;
  const startPlay = session.onPlay;
  const budget: ParserBudget = { ...DEFAULT_PARSER_BUDGET, ...opts.budget };
  let state: GuardState = 'connected';
  let rtmpConnected = false;
  let held: NmsPacket[] = [];
  let heldBytes = 0;
  let request: PublishRequest | undefined;

  const refuse = (reason: string, detail?: string): void => {
    if (state === 'refused' || state === 'closed') return;
    state = 'refused';
    held = [];
    clearTimeout(deadline);
    opts.onRefused(reason, request, detail);
    // Never session.close(): that half-closes and the parser goes on relaying what still arrives.
    socket.destroy();
  };
  const deadline = setTimeout(
    () => refuse('no authorised publish before the deadline'),
    opts.publishDeadlineMs ?? DEFAULT_PUBLISH_DEADLINE_MS,
  );
  deadline.unref();
  socket.once('close', () => {
    if (state !== 'refused') state = 'closed';
    held = [];
    clearTimeout(deadline);
  });
  const authenticated = (): void => {
    clearTimeout(deadline);
    opts.onAuthenticated?.();
  };

  // Fail closed when an upgrade moved what the rest of this function wraps.
  const missing = missingInternals(session, socket);
  if (missing.length > 0) return refuse('node-media-server internals changed', missing.join(', '));

  // Feed the parser ourselves: whatever it throws ends this connection, never the process.
  socket.off('data', session.onData);
  socket.on('data', (data: Buffer) => {
    if (state === 'refused' || state === 'closed') return;
    try {
      session.onData(data);
    } catch (error) {
      if (error instanceof RtmpRefusal) refuse(error.message);
      else refuse('malformed rtmp message', describe(error));
    }
  });
  const live = (): void => {
    // Stops the parser at once (the rest of the buffer is not parsed) once the connection is refused.
    if (state === 'refused' || state === 'closed') throw new RtmpRefusal('connection already refused');
  };

  const allocate = rtmp.packetAlloc.bind(rtmp);
  rtmp.packetAlloc = () => {
    live();
    const packet = rtmp.parserPacket;
    const length = packet.header.length;
    if (state === 'publishing') {
      if (rtmp.inPackets.size > MAX_CHUNK_STREAMS_PUBLISHING) throw new RtmpRefusal('too many chunk streams');
      return allocate();
    }
    if (rtmp.inPackets.size > budget.maxChunkStreams) throw new RtmpRefusal('too many chunk streams before publish');
    const checking = state === 'checking';
    const maxMessage = checking ? budget.maxMessageBytesWhileChecking : budget.maxMessageBytesBeforePublish;
    if (length > maxMessage) throw new RtmpRefusal(`a ${length}-byte message before the publish was authorised`);
    if (packet.capacity < length) {
      let total = length + 1024;
      for (const other of rtmp.inPackets.values()) if (other !== packet) total += other.capacity;
      const maxTotal = checking ? opts.maxHeldBytes : budget.maxBufferedBytesBeforePublish;
      if (total > maxTotal) throw new RtmpRefusal('too much buffered before the publish was authorised');
    }
    allocate();
  };

  const handleControl = rtmp.controlHandler.bind(rtmp);
  rtmp.controlHandler = () => {
    live();
    const { header, payload } = rtmp.parserPacket;
    checkControl(header.type, payload, header.length);
    handleControl();
  };

  const handleData = rtmp.dataHandler.bind(rtmp);
  rtmp.dataHandler = () => {
    live();
    if (state !== 'checking' && state !== 'publishing') throw new RtmpRefusal('media before an authorised publish');
    const { header, payload } = rtmp.parserPacket;
    checkMedia(header.type, payload, header.length);
    handleData();
  };

  const handleInvoke = rtmp.invokeHandler.bind(rtmp);
  rtmp.invokeHandler = () => {
    live();
    const { header, payload } = rtmp.parserPacket;
    const offset = header.type === RTMP_TYPE_FLEX_MESSAGE ? 1 : 0;
    if (header.length <= offset) throw new RtmpRefusal('an empty command');
    const command = checkCommand(payload.subarray(offset, header.length), {
      connected: rtmpConnected,
      streaming: state !== 'connected',
      allowPlay: opts.allowPlay,
    });
    if (!command.forward) return;
    handleInvoke();
    if (command.name === 'connect') rtmpConnected = true;
  };

  rtmp.onPlayCallback = () => {
    if (!opts.allowPlay) return refuse('play is not offered on this listener');
    if (state !== 'connected') return refuse('a play on a publishing connection');
    state = 'playing';
    authenticated();
    startPlay();
  };

  rtmp.onPacketCallback = (packet) => {
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
      heldBytes += packet.size + HELD_PACKET_OVERHEAD;
      if (heldBytes > opts.maxHeldBytes) refuse('too much media before the stream key was checked');
    } else {
      // Media from a connection that is not the accepted publisher (a player sending packets, a
      // publisher that was replaced): dropped, and the connection with it.
      refuse('media from a connection that is not the accepted publisher');
    }
  };

  rtmp.onPushCallback = () => {
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
      (grant) => {
        try {
          accept(grant);
        } catch (error) {
          // Held packets are forwarded here, outside the data handler's try/catch.
          refuse('malformed media while the stream key was checked', describe(error));
        }
      },
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
    authenticated();
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

/** An exception's name and message for the log, with anything that looks like a stream key cut out. */
function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/key=[^&\s'"]*/gi, 'key=[redacted]').slice(0, 200);
}
