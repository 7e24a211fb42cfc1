// A small RTMP client for the hardening tests: writes raw handshakes, chunks and AMF0 exactly as
// told (including what no real encoder would send) and reports how the server ended the exchange.
import { randomBytes } from 'node:crypto';
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** An AMF0 value. Wrappers choose encodings plain JS values do not. */
export type Amf =
  | number
  | boolean
  | string
  | null
  | undefined
  | Amf[]
  | EcmaArray
  | LongString
  | RawAmf
  | { [key: string]: Amf };

export class EcmaArray {
  constructor(readonly properties: { [key: string]: Amf }) {}
}
export class LongString {
  constructor(readonly value: string) {}
}
/** Bytes written as they are (a truncated value, an unknown type marker). */
export class RawAmf {
  constructor(readonly bytes: Buffer) {}
}

function key(name: string): Buffer {
  const bytes = Buffer.from(name, 'utf8');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(Math.min(bytes.length, 0xffff));
  return Buffer.concat([length, bytes.subarray(0, 0xffff)]);
}

function properties(object: { [key: string]: Amf }): Buffer {
  return Buffer.concat([...Object.entries(object).flatMap(([k, v]) => [key(k), amf0(v)]), Buffer.from([0, 0, 9])]);
}

export function amf0(value: Amf): Buffer {
  if (value instanceof RawAmf) return value.bytes;
  if (value instanceof LongString) {
    const bytes = Buffer.from(value.value, 'utf8');
    const header = Buffer.alloc(5);
    header[0] = 0x0c;
    header.writeUInt32BE(bytes.length, 1);
    return Buffer.concat([header, bytes]);
  }
  if (value instanceof EcmaArray) {
    const header = Buffer.alloc(5);
    header[0] = 0x08;
    header.writeUInt32BE(Object.keys(value.properties).length, 1);
    return Buffer.concat([header, properties(value.properties)]);
  }
  if (value === null) return Buffer.from([0x05]);
  if (value === undefined) return Buffer.from([0x06]);
  if (typeof value === 'number') {
    const out = Buffer.alloc(9);
    out[0] = 0x00;
    out.writeDoubleBE(value, 1);
    return out;
  }
  if (typeof value === 'boolean') return Buffer.from([0x01, value ? 1 : 0]);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    if (bytes.length > 0xffff) return amf0(new LongString(value));
    return Buffer.concat([Buffer.from([0x02]), key(value)]);
  }
  if (Array.isArray(value)) {
    const header = Buffer.alloc(5);
    header[0] = 0x0a;
    header.writeUInt32BE(value.length, 1);
    return Buffer.concat([header, ...value.map(amf0)]);
  }
  return Buffer.concat([Buffer.from([0x03]), properties(value)]);
}

export function command(...values: Amf[]): Buffer {
  return Buffer.concat(values.map(amf0));
}

/** C0 + C1 + C2 in one go: node-media-server answers S0S1S2 but never checks C2 against it. */
export function handshake(): Buffer {
  return Buffer.concat([Buffer.from([3]), Buffer.alloc(8), randomBytes(1528), Buffer.alloc(8), randomBytes(1528)]);
}

export interface MessageOptions {
  cid?: number;
  type: number;
  payload: Buffer;
  streamId?: number;
  timestamp?: number;
  /** The length written in the header; the payload's own length by default. */
  announcedLength?: number;
  /** The chunk size the server expects (128 until a set-chunk-size). */
  chunkSize?: number;
}

function basicHeader(fmt: number, cid: number): Buffer {
  if (cid >= 64 + 256) return Buffer.from([(fmt << 6) | 1, (cid - 64) & 0xff, ((cid - 64) >> 8) & 0xff]);
  if (cid >= 64) return Buffer.from([(fmt << 6) | 0, cid - 64]);
  return Buffer.from([(fmt << 6) | cid]);
}

/** One message as a type-0 chunk followed by type-3 continuation chunks. */
export function message(opts: MessageOptions): Buffer {
  const cid = opts.cid ?? 3;
  const chunkSize = opts.chunkSize ?? 128;
  const header = Buffer.alloc(11);
  header.writeUIntBE(Math.min(opts.timestamp ?? 0, 0xffffff), 0, 3);
  header.writeUIntBE(Math.min(opts.announcedLength ?? opts.payload.length, 0xffffff), 3, 3);
  header[6] = opts.type & 0xff;
  header.writeUInt32LE(opts.streamId ?? 0, 7);
  const parts = [basicHeader(0, cid), header];
  for (let offset = 0; offset < opts.payload.length; offset += chunkSize) {
    if (offset > 0) parts.push(basicHeader(3, cid));
    parts.push(opts.payload.subarray(offset, offset + chunkSize));
  }
  return Buffer.concat(parts);
}

export const TYPE = { setChunkSize: 1, abort: 2, ack: 3, event: 4, windowAck: 5, peerBandwidth: 6, audio: 8, video: 9, amf3Data: 15, data: 18, amf3Command: 17, command: 20 } as const;

export function connectCommand(tcUrl: Amf = 'rtmps://127.0.0.1/live', app: Amf = 'live'): Buffer {
  return message({ type: TYPE.command, payload: command('connect', 1, { app, type: 'nonprivate', flashVer: 'FMLE/3.0', tcUrl }) });
}

export function publishCommand(streamName: Amf): Buffer {
  return message({ type: TYPE.command, streamId: 1, payload: command('publish', 4, null, streamName, 'live') });
}

export const createStreamCommand = (): Buffer => message({ type: TYPE.command, payload: command('createStream', 2, null) });

export type Outcome = 'closed' | 'timeout';

export interface Target {
  port: number;
  tls: boolean;
  localAddress?: string;
}

export function open(target: Target): Socket {
  const socket = target.tls
    ? tlsConnect({ host: '127.0.0.1', port: target.port, rejectUnauthorized: false, ...(target.localAddress ? { localAddress: target.localAddress } : {}) })
    : tcpConnect({ host: '127.0.0.1', port: target.port, ...(target.localAddress ? { localAddress: target.localAddress } : {}) });
  socket.on('error', () => undefined);
  return socket;
}

export interface Exchange {
  outcome: Outcome;
  /** What the server sent back. */
  received: number;
}

/** Sends the bytes, then waits for the server to close the connection or for the timeout. */
export function exchange(target: Target, bytes: Buffer | Buffer[], timeoutMs: number): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = open(target);
    let received = 0;
    let done = false;
    const finish = (outcome: Outcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ outcome, received });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.on('data', (chunk: Buffer) => (received += chunk.length));
    socket.once('close', () => finish('closed'));
    socket.once('end', () => finish('closed'));
    socket.once(target.tls ? 'secureConnect' : 'connect', () => {
      for (const part of Array.isArray(bytes) ? bytes : [bytes]) socket.write(part);
    });
  });
}

/**
 * A publish with a valid key written by hand: resolves once the server has answered the publish
 * (NetStream.Publish.Start), leaving the connection open. For "does the ingest still accept a publish".
 */
export function publishByHand(target: Target, seminarId: string, key: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = open(target);
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no NetStream.Publish.Start'));
    }, 5_000);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.includes('NetStream.Publish.Start')) {
        clearTimeout(timer);
        resolve(socket);
      }
    });
    socket.once('close', () => {
      clearTimeout(timer);
      reject(new Error('closed before NetStream.Publish.Start'));
    });
    socket.once(target.tls ? 'secureConnect' : 'connect', () => {
      socket.write(
        Buffer.concat([
          handshake(),
          connectCommand(`rtmps://127.0.0.1:${target.port}/live`),
          createStreamCommand(),
          publishCommand(`${seminarId}?key=${key}`),
        ]),
      );
    });
  });
}
