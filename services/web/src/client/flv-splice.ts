// Joins several HTTP-FLV connections to one seminar into the single, continuous FLV byte stream that
// mpegts.js reads, so that a refreshed playback token (a new URL) does not restart the player.
//
// Why this works: every connection to a seminar carries the same broadcast with the same timestamps
// (the edge relays the presenter's tags unchanged). A new connection starts with the FLV header, the
// metadata, the sequence headers and the tags since the last keyframe (the GOP the edge caches), then
// the live tags. So the new connection repeats what the old one already delivered, then continues:
// forwarding only the tags newer than the last one forwarded (per track) splices the two without a
// gap or a duplicate, and the header, metadata and unchanged sequence headers are dropped.
import { FLV_TAG_AUDIO, FLV_TAG_SCRIPT, FLV_TAG_VIDEO, FlvFormatError, FlvTagReader, isSequenceHeader } from '@webinar/player';

/** FLV tag types. */
export const FLV_AUDIO = FLV_TAG_AUDIO;
export const FLV_VIDEO = FLV_TAG_VIDEO;
export const FLV_SCRIPT = FLV_TAG_SCRIPT;

/**
 * A new connection whose media starts this far *before* what was already forwarded is another
 * broadcast (the presenter started again, timestamps from zero), not a replay of the cached GOP,
 * which reaches back one keyframe interval: it cannot be spliced, the player must start afresh.
 */
export const NEW_TIMELINE_MS = 60_000;

export interface FlvUnit {
  kind: 'header' | 'tag';
  /** 8 audio, 9 video, 18 script; 0 for the header. */
  tagType: number;
  /** Milliseconds (the tag's 32-bit timestamp); 0 for the header. */
  timestamp: number;
  /** An AAC/AVC/HEVC decoder configuration (sequence header) rather than media. */
  sequenceHeader: boolean;
  /** The unit's bytes including its trailing PreviousTagSize, so units concatenate into valid FLV. */
  bytes: Uint8Array;
}

export { FlvFormatError };

/** Cuts one connection's byte stream into whole FLV units (header, then tags) with the platform's one FLV reader. */
export class FlvUnitReader {
  private readonly reader = new FlvTagReader();

  push(chunk: Uint8Array): FlvUnit[] {
    return this.reader.push(chunk).map((unit) =>
      unit.kind === 'header'
        ? { kind: 'header', tagType: 0, timestamp: 0, sequenceHeader: false, bytes: unit.bytes }
        : { kind: 'tag', tagType: unit.type, timestamp: unit.timestamp, sequenceHeader: isSequenceHeader(unit.type, unit.data), bytes: unit.bytes },
    );
  }
}

/** What one connection's unit amounts to in the joined stream. */
export type SpliceDecision = 'forward' | 'drop' | 'new-timeline';

/** The state of the joined stream: what it already holds. One per player. */
export class FlvSplice {
  headerSent = false;
  metadataSent = false;
  readonly lastTimestamp = new Map<number, number>();
  readonly sequenceHeaders = new Map<number, Uint8Array>();

  /** A filter for one connection's units. */
  connection(): SpliceInput {
    return new SpliceInput(this);
  }
}

/**
 * One connection's view of the joined stream. Media of a track is dropped until the connection
 * reaches a tag newer than the last one forwarded on that track; from then on that track passes
 * untouched (the source is authoritative: a timestamp that repeats within one connection is kept).
 * `synced` says the connection has reached what was already forwarded, which is when it can take
 * over from the previous one without losing a tag.
 */
export class SpliceInput {
  synced = false;
  /** Whether this connection's units flow into the joined stream (set by takeOver). */
  private owner = false;
  private readonly live = new Set<number>();
  /** Sequence headers seen before the connection synced: forwarded at takeover if they differ. */
  private readonly heldHeaders = new Map<number, Uint8Array>();

  constructor(private readonly stream: FlvSplice) {}

  accept(unit: FlvUnit): SpliceDecision {
    const s = this.stream;
    if (unit.kind === 'header') {
      if (s.headerSent) return 'drop';
      s.headerSent = true;
      return 'forward';
    }
    if (unit.tagType === FLV_SCRIPT) {
      if (s.metadataSent) return 'drop';
      s.metadataSent = true;
      return 'forward';
    }
    if (unit.tagType !== FLV_AUDIO && unit.tagType !== FLV_VIDEO) return 'drop';
    if (unit.sequenceHeader) {
      if (!this.owner) {
        this.heldHeaders.set(unit.tagType, unit.bytes);
        return 'drop';
      }
      return this.forwardHeader(unit.tagType, unit.bytes) ? 'forward' : 'drop';
    }
    if (this.live.has(unit.tagType)) return this.forward(unit);
    const last = s.lastTimestamp.get(unit.tagType);
    if (last !== undefined && unit.timestamp + NEW_TIMELINE_MS < last && !this.synced) return 'new-timeline';
    if (last !== undefined && unit.timestamp < last) return 'drop';
    // Reached the point already forwarded (equal) or past it: this connection can take over.
    this.synced = true;
    if (last !== undefined && unit.timestamp === last) return 'drop';
    this.live.add(unit.tagType);
    return this.forward(unit);
  }

  /**
   * This connection now feeds the joined stream. Answers the sequence headers it sent while it was
   * catching up that differ from the ones forwarded (the encoder's settings changed), to forward first.
   */
  takeOver(): Uint8Array[] {
    this.owner = true;
    const changed = [...this.heldHeaders].filter(([type, bytes]) => this.forwardHeader(type, bytes)).map(([, bytes]) => bytes);
    this.heldHeaders.clear();
    return changed;
  }

  private forwardHeader(tagType: number, bytes: Uint8Array): boolean {
    const previous = this.stream.sequenceHeaders.get(tagType);
    if (previous && equalBytes(previous, bytes)) return false;
    this.stream.sequenceHeaders.set(tagType, bytes);
    return true;
  }

  private forward(unit: FlvUnit): SpliceDecision {
    this.stream.lastTimestamp.set(unit.tagType, unit.timestamp);
    return 'forward';
  }
}

export function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
