// What a viewer joining mid-stream needs to decode from its first byte: the header, the metadata,
// the audio and video sequence headers, and the tags since the last video keyframe (the GOP). This is
// what node-media-server gives a new player on the ingest; the edge's fan-out keeps the same for its
// own late joiners. The stream is cut into units by the platform's one FLV reader (@webinar/player).
import { FLV_TAG_AUDIO, FLV_TAG_SCRIPT, FLV_TAG_VIDEO, type FlvUnit, isAudioSequenceHeader, videoTagKind } from '@webinar/player';

export class FlvGopCache {
  private header?: Uint8Array;
  private metadata?: Uint8Array;
  private audioConfig?: Uint8Array;
  private videoConfig?: Uint8Array;
  private gop: Uint8Array[] = [];
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
        this.gopBytes = unit.bytes.byteLength;
      } else this.append(unit.bytes);
    }
  }

  /** What a joining viewer is sent before the live tags. */
  snapshot(): Uint8Array[] {
    if (!this.header) return [];
    return [this.header, this.metadata, this.audioConfig, this.videoConfig, ...this.gop].filter(
      (b): b is Uint8Array => b !== undefined,
    );
  }

  /** Tags only join a GOP that started with a keyframe; an oversized GOP is dropped until the next one. */
  private append(bytes: Uint8Array): void {
    if (this.gop.length === 0) return;
    this.gop.push(bytes);
    this.gopBytes += bytes.byteLength;
    if (this.gopBytes > this.maxGopBytes) {
      this.gop = [];
      this.gopBytes = 0;
    }
  }
}
