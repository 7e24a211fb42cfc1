// Splits an FLV byte stream into its header and whole tags, and keeps what a viewer joining mid-stream
// needs to decode from its first byte: the header, the metadata, the audio and video sequence
// headers, and the tags since the last video keyframe (the GOP). This is what node-media-server gives
// a new player on the ingest; the edge's fan-out keeps the same for its own late joiners.
const TAG_HEADER_BYTES = 11;
const PREVIOUS_TAG_SIZE_BYTES = 4;
/** A tag larger than this is not a media tag: the stream is corrupt or hostile. */
const MAX_TAG_BYTES = 16 * 1024 * 1024;

export const FLV_TAG_AUDIO = 8;
export const FLV_TAG_VIDEO = 9;
export const FLV_TAG_SCRIPT = 18;

export type FlvUnit = { kind: 'header'; bytes: Buffer } | { kind: 'tag'; type: number; bytes: Buffer; data: Buffer };

export class FlvFormatError extends Error {
  override readonly name = 'FlvFormatError';
}

export class FlvTagReader {
  private pending: Buffer = Buffer.alloc(0);
  private headerRead = false;

  /** The units completed by `chunk`, each a complete slice of the stream (tag + its trailing size). */
  push(chunk: Buffer): FlvUnit[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const units: FlvUnit[] = [];
    let offset = 0;
    if (!this.headerRead) {
      if (this.pending.length < 9) return units;
      if (this.pending.toString('latin1', 0, 3) !== 'FLV') throw new FlvFormatError('not an FLV stream');
      const headerBytes = this.pending.readUInt32BE(5) + PREVIOUS_TAG_SIZE_BYTES;
      if (headerBytes < 13 || headerBytes > 1024) throw new FlvFormatError('bad FLV header size');
      if (this.pending.length < headerBytes) return units;
      units.push({ kind: 'header', bytes: this.pending.subarray(0, headerBytes) });
      offset = headerBytes;
      this.headerRead = true;
    }
    while (this.pending.length - offset >= TAG_HEADER_BYTES) {
      const type = this.pending[offset]! & 0x1f;
      const dataSize = this.pending.readUIntBE(offset + 1, 3);
      const total = TAG_HEADER_BYTES + dataSize + PREVIOUS_TAG_SIZE_BYTES;
      if (total > MAX_TAG_BYTES) throw new FlvFormatError('oversized FLV tag');
      if (this.pending.length - offset < total) break;
      const bytes = this.pending.subarray(offset, offset + total);
      units.push({ kind: 'tag', type, bytes, data: bytes.subarray(TAG_HEADER_BYTES, TAG_HEADER_BYTES + dataSize) });
      offset += total;
    }
    this.pending = this.pending.subarray(offset);
    return units;
  }
}

/** A video tag's frame type and whether it is a sequence header (legacy AVC/HEVC and enhanced RTMP). */
export function videoTagKind(data: Buffer): { keyframe: boolean; sequenceHeader: boolean } {
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
export function isAudioSequenceHeader(data: Buffer): boolean {
  return (data[0] ?? 0) >> 4 === 10 && data[1] === 0;
}

export class FlvGopCache {
  private header?: Buffer;
  private metadata?: Buffer;
  private audioConfig?: Buffer;
  private videoConfig?: Buffer;
  private gop: Buffer[] = [];
  private gopBytes = 0;

  constructor(private readonly maxGopBytes = 16 * 1024 * 1024) {}

  add(unit: FlvUnit): void {
    if (unit.kind === 'header') {
      this.header = unit.bytes;
      return;
    }
    if (unit.type === FLV_TAG_SCRIPT) {
      this.metadata = unit.bytes;
    } else if (unit.type === FLV_TAG_AUDIO) {
      if (isAudioSequenceHeader(unit.data)) this.audioConfig = unit.bytes;
      else this.append(unit.bytes);
    } else if (unit.type === FLV_TAG_VIDEO) {
      const kind = videoTagKind(unit.data);
      if (kind.sequenceHeader) this.videoConfig = unit.bytes;
      else if (kind.keyframe) {
        this.gop = [unit.bytes];
        this.gopBytes = unit.bytes.length;
      } else this.append(unit.bytes);
    }
  }

  /** What a joining viewer is sent before the live tags. */
  snapshot(): Buffer[] {
    if (!this.header) return [];
    return [this.header, this.metadata, this.audioConfig, this.videoConfig, ...this.gop].filter(
      (b): b is Buffer => b !== undefined,
    );
  }

  /** Tags only join a GOP that started with a keyframe; an oversized GOP is dropped until the next one. */
  private append(bytes: Buffer): void {
    if (this.gop.length === 0) return;
    this.gop.push(bytes);
    this.gopBytes += bytes.length;
    if (this.gopBytes > this.maxGopBytes) {
      this.gop = [];
      this.gopBytes = 0;
    }
  }
}
