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

/** Its methods are arrow-function fields in the source: safe to take off the instance. */
export interface NmsRtmpSession {
  ip: string;
  streamApp: string;
  streamName: string;
  streamPath: string;
  streamQuery: Record<string, string | string[] | undefined>;
  broadcast: NmsBroadcast;
  rtmp: {
    onPlayCallback: () => void;
    onPushCallback: () => void;
    onPacketCallback: (packet: NmsPacket) => void;
  };
  run: () => void;
  onPlay: () => void;
  onPush: () => void;
  onPacket: (packet: NmsPacket) => void;
}

export const RtmpSession = require('node-media-server/src/session/rtmp_session.js') as new (
  socket: Socket,
) => NmsRtmpSession;

export const nmsContext = require('node-media-server/src/core/context.js') as {
  broadcasts: Map<string, NmsBroadcast>;
  eventEmitter: EventEmitter;
};

export const nmsLogger = require('node-media-server/src/core/logger.js') as {
  level: string;
  log: (message: string, level?: string) => void;
};
