// Checks on RTMP messages before node-media-server's parser acts on them. Its parser trusts what a
// client sends: it throws on a connect whose tcUrl is not a URL or that has no command object, on a
// publish/play whose stream name is not a string, on control messages without their 4-byte payload
// and on media tags too short for the header it reads (each reproduced: the uncaught exception took
// the process down). These functions are pure: publish-guard.ts calls them from its overrides of the
// parser's handlers and refuses the connection on the first RtmpRefusal.

/** Thrown to stop parsing a connection: the guard catches it and destroys only that socket. */
export class RtmpRefusal extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RtmpRefusal';
  }
}

export const RTMP_TYPE_SET_CHUNK_SIZE = 1;
export const RTMP_TYPE_ABORT = 2;
export const RTMP_TYPE_ACKNOWLEDGEMENT = 3;
export const RTMP_TYPE_WINDOW_ACK_SIZE = 5;
export const RTMP_TYPE_SET_PEER_BANDWIDTH = 6;
export const RTMP_TYPE_AUDIO = 8;
export const RTMP_TYPE_VIDEO = 9;
export const RTMP_TYPE_FLEX_STREAM = 15;
export const RTMP_TYPE_DATA = 18;
export const RTMP_TYPE_FLEX_MESSAGE = 17;
export const RTMP_TYPE_INVOKE = 20;

/** node-media-server's own rule for app and stream names (rtmp_session.js SAFE_NAME_PATTERN). */
export const SAFE_NAME = /^[A-Za-z0-9_-]+$/;
export const MAX_STREAM_NAME_LENGTH = 2048;
const MAX_COMMAND_NAME_LENGTH = 256;
const MAX_APP_LENGTH = 256;
const MAX_TCURL_LENGTH = 2048;
const MAX_AMF_DEPTH = 8;

export type AmfValue = number | boolean | string | null | undefined | Date | AmfValue[] | { [key: string]: AmfValue };

/**
 * A strict AMF0 decoder: the whole buffer must be a sequence of complete values of the types real
 * encoders send in commands and metadata (no references, typed objects or XML), nested at most
 * MAX_AMF_DEPTH deep. Anything else is a refusal, never an exception from a buffer read.
 */
export function decodeAmf0(buffer: Buffer): AmfValue[] {
  const values: AmfValue[] = [];
  let offset = 0;
  const need = (n: number): void => {
    if (offset + n > buffer.length) throw new RtmpRefusal('truncated amf0 value');
  };
  const readKey = (): string => {
    need(2);
    const length = buffer.readUInt16BE(offset);
    offset += 2;
    need(length);
    const key = buffer.toString('utf8', offset, offset + length);
    offset += length;
    return key;
  };
  const readProperties = (depth: number): { [key: string]: AmfValue } => {
    const object: { [key: string]: AmfValue } = Object.create(null) as { [key: string]: AmfValue };
    for (;;) {
      const key = readKey();
      if (key === '') {
        need(1);
        if (buffer[offset] !== 0x09) throw new RtmpRefusal('amf0 object without its end marker');
        offset += 1;
        return object;
      }
      object[key] = readValue(depth + 1);
    }
  };
  const readValue = (depth: number): AmfValue => {
    if (depth > MAX_AMF_DEPTH) throw new RtmpRefusal('amf0 values nested too deep');
    need(1);
    const marker = buffer.readUInt8(offset++);
    switch (marker) {
      case 0x00: {
        need(8);
        const value = buffer.readDoubleBE(offset);
        offset += 8;
        return value;
      }
      case 0x01:
        need(1);
        return buffer[offset++] !== 0;
      case 0x02:
        return readKey();
      case 0x03:
        return readProperties(depth);
      case 0x05:
        return null;
      case 0x06:
        return undefined;
      case 0x08:
        need(4);
        offset += 4; // the ECMA array's count is advisory; its properties end like an object's
        return readProperties(depth);
      case 0x0a: {
        need(4);
        const count = buffer.readUInt32BE(offset);
        offset += 4;
        // Every element takes at least one byte: a count beyond what is left cannot be honest.
        if (count > buffer.length - offset) throw new RtmpRefusal('amf0 strict array longer than its message');
        const array: AmfValue[] = [];
        for (let i = 0; i < count; i++) array.push(readValue(depth + 1));
        return array;
      }
      case 0x0b: {
        need(10);
        const value = new Date(buffer.readDoubleBE(offset));
        offset += 10;
        return value;
      }
      case 0x0c: {
        need(4);
        const length = buffer.readUInt32BE(offset);
        offset += 4;
        need(length);
        const value = buffer.toString('utf8', offset, offset + length);
        offset += length;
        return value;
      }
      default:
        throw new RtmpRefusal(`unsupported amf0 type 0x${marker.toString(16)}`);
    }
  };
  while (offset < buffer.length) values.push(readValue(0));
  return values;
}

function isObject(value: AmfValue): value is { [key: string]: AmfValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Where a connection is in the RTMP conversation, as far as the guard lets it get. */
export interface CommandContext {
  /** A valid connect has been handled. */
  connected: boolean;
  /** A publish or play has been handled on this connection. */
  streaming: boolean;
  allowPlay: boolean;
}

/** The commands node-media-server acts on; every other command is answered by nothing and dropped. */
const HANDLED = new Set(['connect', 'createStream', 'publish', 'play', 'deleteStream']);

export interface CheckedCommand {
  name: string;
  /** Hand the message to node-media-server (false: a command it would only log and ignore). */
  forward: boolean;
}

/** Validates an AMF0 command message (type 20, or 17 without its leading byte); throws RtmpRefusal. */
export function checkCommand(payload: Buffer, context: CommandContext): CheckedCommand {
  const [name, transId, cmdObj, streamName] = decodeAmf0(payload);
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_COMMAND_NAME_LENGTH) {
    throw new RtmpRefusal('a command without a valid name');
  }
  if (name === 'connect') {
    if (context.connected) throw new RtmpRefusal('a second connect on one connection');
    checkConnect(transId, cmdObj);
    return { name, forward: true };
  }
  if (!context.connected) throw new RtmpRefusal(`${name.slice(0, 32)} before connect`);
  if (!HANDLED.has(name)) return { name, forward: false };
  if (typeof transId !== 'number') throw new RtmpRefusal(`${name} without a transaction id`);
  if (name === 'publish' || name === 'play') {
    if (context.streaming) throw new RtmpRefusal(`a second ${name} on one connection`);
    if (name === 'play' && !context.allowPlay) throw new RtmpRefusal('play is not offered on this listener');
    checkStreamName(name, streamName);
  }
  return { name, forward: true };
}

function checkConnect(transId: AmfValue, cmdObj: AmfValue): void {
  if (typeof transId !== 'number') throw new RtmpRefusal('connect without a transaction id');
  if (cmdObj === undefined || !isObject(cmdObj)) throw new RtmpRefusal('connect without its command object');
  const { app, tcUrl, objectEncoding } = cmdObj;
  if (typeof app !== 'string' || app.length > MAX_APP_LENGTH || !SAFE_NAME.test(app)) {
    throw new RtmpRefusal('connect with an invalid app');
  }
  if (typeof tcUrl !== 'string' || tcUrl.length > MAX_TCURL_LENGTH) throw new RtmpRefusal('connect with an invalid tcUrl');
  let url: URL;
  try {
    url = new URL(tcUrl);
  } catch {
    throw new RtmpRefusal('connect with a tcUrl that is not a URL');
  }
  if (url.protocol !== 'rtmp:' && url.protocol !== 'rtmps:') throw new RtmpRefusal('connect with a tcUrl that is not rtmp(s)');
  if (objectEncoding !== undefined && objectEncoding !== null && typeof objectEncoding !== 'number') {
    throw new RtmpRefusal('connect with an invalid objectEncoding');
  }
}

function checkStreamName(command: string, streamName: AmfValue): void {
  if (typeof streamName !== 'string' || streamName.length === 0 || streamName.length > MAX_STREAM_NAME_LENGTH) {
    throw new RtmpRefusal(`${command} without a valid stream name`);
  }
  const name = streamName.split('?')[0] ?? '';
  if (!SAFE_NAME.test(name)) throw new RtmpRefusal(`${command} with an invalid stream name`);
}

/** Protocol control messages: the payload each needs, and a chunk size within [1, 2^31-1]. */
export function checkControl(type: number, payload: Buffer, length: number): void {
  const needed = type === RTMP_TYPE_SET_PEER_BANDWIDTH ? 5 : 4;
  if (length < needed) throw new RtmpRefusal(`control message ${type} without its ${needed}-byte payload`);
  if (type === RTMP_TYPE_SET_CHUNK_SIZE) {
    const size = payload.readUInt32BE(0);
    if (size < 1 || size > 0x7fffffff) throw new RtmpRefusal('a chunk size outside [1, 2^31-1]');
  }
}

/** Media and data messages: long enough for the FLV tag header node-media-server reads. */
export function checkMedia(type: number, payload: Buffer, length: number): void {
  const data = payload.subarray(0, length);
  switch (type) {
    case RTMP_TYPE_AUDIO:
      if (length < 1) throw new RtmpRefusal('an empty audio message');
      return;
    case RTMP_TYPE_VIDEO: {
      if (length < 5) throw new RtmpRefusal('a video message shorter than its tag header');
      const exHeader = (data[0]! & 0x80) !== 0;
      // Enhanced RTMP HEVC coded frames carry a 3-byte composition time after the FourCC.
      if (exHeader && (data[0]! & 0x0f) === 1 && data.toString('latin1', 1, 5) === 'hvc1' && length < 8) {
        throw new RtmpRefusal('a video message shorter than its tag header');
      }
      return;
    }
    case RTMP_TYPE_DATA: {
      const [name, first, second] = decodeAmf0(data);
      if (typeof name !== 'string') throw new RtmpRefusal('a data message without a name');
      // node-media-server reads the metadata object's fields without checking it is there.
      if (name === '@setDataFrame' && (typeof first !== 'string' || second === undefined || !isObject(second))) {
        throw new RtmpRefusal('@setDataFrame without its metadata object');
      }
      if (name === 'onMetaData' && (first === undefined || !isObject(first))) {
        throw new RtmpRefusal('onMetaData without its metadata object');
      }
      return;
    }
    default:
      throw new RtmpRefusal(`unsupported media message type ${type}`);
  }
}
