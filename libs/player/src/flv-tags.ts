// The platform's one FLV tag reader, for both ends of HTTP-FLV: the media edge (services/stream
// edge/flv-fanout.ts cuts the ingest's stream to cache the GOP for late joiners) and the browser
// client (services/web client/flv-splice.ts joins connections across token refreshes). It splits a
// byte stream, in chunks cut anywhere, into the FLV header and whole tags, each unit a slice of the
// stream that includes its trailing PreviousTagSize, so units concatenate back into valid FLV. Plain
// Uint8Array and DataView: it runs in Node and in the browser alike.

/** FLV tag types. */
export const FLV_TAG_AUDIO = 8;
export const FLV_TAG_VIDEO = 9;
export const FLV_TAG_SCRIPT = 18;

const TAG_HEADER_BYTES = 11;
const PREVIOUS_TAG_SIZE_BYTES = 4;
/** A tag bigger than this is not a live stream's (a 4K keyframe is a few MB): the bytes are garbage or hostile. */
const MAX_TAG_BYTES = 16 * 1024 * 1024;

export type FlvUnit =
  | { kind: 'header'; bytes: Uint8Array }
  | {
      kind: 'tag';
      /** 8 audio, 9 video, 18 script. */
      type: number;
      /** Milliseconds: the 24-bit timestamp with its extension byte as the top 8 bits. */
      timestamp: number;
      /** The whole tag, with its header and trailing PreviousTagSize. */
      bytes: Uint8Array;
      /** The tag's body. */
      data: Uint8Array;
    };

export class FlvFormatError extends Error {
  override readonly name = 'FlvFormatError';
}

export class FlvTagReader {
  private pending: Uint8Array = new Uint8Array(0);
  private headerRead = false;

  /** The units completed by `chunk`. */
  push(chunk: Uint8Array): FlvUnit[] {
    this.pending = this.pending.byteLength === 0 ? chunk : joinBytes(this.pending, chunk);
    const units: FlvUnit[] = [];
    let offset = 0;
    if (!this.headerRead) {
      const header = this.readHeader();
      if (!header) return units;
      units.push(header);
      offset = header.bytes.byteLength;
      this.headerRead = true;
    }
    for (;;) {
      const tag = this.readTag(offset);
      if (!tag) break;
      units.push(tag);
      offset += tag.bytes.byteLength;
    }
    this.pending = this.pending.subarray(offset);
    return units;
  }

  private readHeader(): FlvUnit | undefined {
    const data = this.pending;
    if (data.byteLength < 9) return undefined;
    if (data[0] !== 0x46 || data[1] !== 0x4c || data[2] !== 0x56) throw new FlvFormatError('not an FLV stream');
    const dataOffset = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(5);
    if (dataOffset < 9 || dataOffset > 1024) throw new FlvFormatError('bad FLV header size');
    const total = dataOffset + PREVIOUS_TAG_SIZE_BYTES;
    if (data.byteLength < total) return undefined;
    return { kind: 'header', bytes: data.subarray(0, total) };
  }

  private readTag(offset: number): FlvUnit | undefined {
    const data = this.pending;
    if (data.byteLength - offset < TAG_HEADER_BYTES) return undefined;
    const view = new DataView(data.buffer, data.byteOffset + offset, TAG_HEADER_BYTES);
    const type = view.getUint8(0) & 0x1f;
    const dataSize = view.getUint32(0) & 0x00ffffff;
    const total = TAG_HEADER_BYTES + dataSize + PREVIOUS_TAG_SIZE_BYTES;
    if (total > MAX_TAG_BYTES) throw new FlvFormatError('oversized FLV tag');
    if (data.byteLength - offset < total) return undefined;
    const timestamp = ((view.getUint8(7) << 24) | (view.getUint8(4) << 16) | (view.getUint8(5) << 8) | view.getUint8(6)) >>> 0;
    const bytes = data.subarray(offset, offset + total);
    return { kind: 'tag', type, timestamp, bytes, data: bytes.subarray(TAG_HEADER_BYTES, TAG_HEADER_BYTES + dataSize) };
  }
}

/** A video tag's frame type and whether it is a sequence header (legacy AVC/HEVC and enhanced RTMP). */
export function videoTagKind(data: Uint8Array): { keyframe: boolean; sequenceHeader: boolean } {
  const first = data[0] ?? 0;
  if (first & 0x80) {
    // Enhanced RTMP: [isExHeader:1][frameType:3][packetType:4]; packet type 0 is SequenceStart.
    return { keyframe: ((first >> 4) & 0x07) === 1, sequenceHeader: (first & 0x0f) === 0 };
  }
  const codecId = first & 0x0f;
  const hasConfig = codecId === 7 || codecId === 12; // AVC, HEVC: AVCPacketType 0 is the config record
  return { keyframe: first >> 4 === 1, sequenceHeader: hasConfig && data[1] === 0 };
}

/** AAC's AudioSpecificConfig (AACPacketType 0). */
export function isAudioSequenceHeader(data: Uint8Array): boolean {
  return (data[0] ?? 0) >> 4 === 10 && data[1] === 0;
}

/** A decoder configuration (AAC/AVC/HEVC sequence header) rather than media. */
export function isSequenceHeader(type: number, data: Uint8Array): boolean {
  if (type === FLV_TAG_AUDIO) return isAudioSequenceHeader(data);
  return type === FLV_TAG_VIDEO && videoTagKind(data).sequenceHeader;
}

function joinBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}
