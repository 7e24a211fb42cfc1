// Typed handles on the node-media-server 4.4.3 internals that publish-guard.ts and broadcasts.ts use.
// The package ships no types and none of this is its public API: it holds for the exactly pinned
// version only, and test/ingest-attacks.int-spec.ts fails if an upgrade changes it.
/* eslint-disable @typescript-eslint/no-require-imports -- untyped CommonJS internals, typed here */
import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';

export interface NmsPacket {
  codec_type: number;
  flags: number;
  size: number;
  data: Buffer;
}

/** What node-media-server needs of a viewer attached to a broadcast. */
export interface NmsSubscriber {
  id: string;
  ip: string;
  protocol: string;
  streamPath: string;
  sendBuffer: (buffer: Buffer) => void;
  close: () => void;
}

export interface NmsBroadcast {
  streamPath: string;
  publisher: { ip?: string } | null;
  publishGraceMs: number;
  postPlay: (session: NmsSubscriber) => string | null;
  donePlay: (session: NmsSubscriber) => void;
  getPublishStatus: () => 'publishing' | 'reconnecting' | 'idle';
}

/** The chunk stream being parsed (rtmp.js RtmpPacket). */
export interface NmsRtmpPacket {
  header: { fmt: number; cid: number; timestamp: number; length: number; type: number; stream_id: number };
  clock: number;
  payload: Buffer;
  capacity: number;
  bytes: number;
}

/**
 * The RTMP parser (protocol/rtmp.js Rtmp). Its callbacks are arrow-function fields; its handlers
 * (invokeHandler, controlHandler, dataHandler, packetAlloc) are prototype methods that packetHandler
 * and chunkRead call through `this`, so an own property on one instance replaces them for that
 * connection only.
 */
export interface NmsRtmp {
  onPlayCallback: () => void;
  onPushCallback: () => void;
  onPacketCallback: (packet: NmsPacket) => void;
  parserPacket: NmsRtmpPacket;
  inPackets: Map<number, NmsRtmpPacket>;
  inChunkSize: number;
  invokeHandler: () => void;
  controlHandler: () => void;
  dataHandler: () => void;
  packetAlloc: () => void;
}

/** Its methods are arrow-function fields in the source: safe to take off the instance. */
export interface NmsRtmpSession {
  ip: string;
  streamApp: string;
  streamName: string;
  streamPath: string;
  streamQuery: Record<string, string | string[] | undefined>;
  broadcast: NmsBroadcast;
  rtmp: NmsRtmp;
  run: () => void;
  /** The socket 'data' listener run() installs: feeds the parser. */
  onData: (data: Buffer) => void;
  onPlay: () => void;
  onPush: () => void;
  onPacket: (packet: NmsPacket) => void;
}

export const RtmpSession = require('node-media-server/src/session/rtmp_session.js') as new (
  socket: Socket,
) => NmsRtmpSession;

export const NMS_PINNED_VERSION = '4.4.3';

export const nmsVersion = (require('node-media-server/package.json') as { version: string }).version;

const RTMP_HANDLERS = ['invokeHandler', 'controlHandler', 'dataHandler', 'packetAlloc', 'packetHandler', 'chunkRead'] as const;

/**
 * What the guard relies on, checked on each session it wraps: the pinned version, the parser
 * handlers it overrides as prototype methods, and run() having installed onData as the socket's
 * 'data' listener. Empty when all hold; the guard refuses to run a connection otherwise.
 */
export function missingInternals(session: NmsRtmpSession, socket: Socket): string[] {
  const missing: string[] = [];
  if (nmsVersion !== NMS_PINNED_VERSION) missing.push(`node-media-server ${nmsVersion} (pinned ${NMS_PINNED_VERSION})`);
  const rtmp = session.rtmp as unknown as Record<string, unknown>;
  const proto = Object.getPrototypeOf(rtmp) as Record<string, unknown>;
  for (const name of RTMP_HANDLERS) {
    if (typeof proto[name] !== 'function' || Object.prototype.hasOwnProperty.call(rtmp, name)) missing.push(`Rtmp.prototype.${name}`);
  }
  if (!(session.rtmp.inPackets instanceof Map)) missing.push('rtmp.inPackets');
  if (typeof session.rtmp.parserPacket?.header?.length !== 'number') missing.push('rtmp.parserPacket.header');
  if (typeof session.onData !== 'function' || !socket.listeners('data').includes(session.onData)) {
    missing.push("session.onData as the socket's data listener");
  }
  return missing;
}

export const nmsContext = require('node-media-server/src/core/context.js') as {
  broadcasts: Map<string, NmsBroadcast>;
  eventEmitter: EventEmitter;
};

export const nmsLogger = require('node-media-server/src/core/logger.js') as {
  level: string;
  log: (message: string, level?: string) => void;
};
