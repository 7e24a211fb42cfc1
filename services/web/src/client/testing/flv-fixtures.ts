// Synthetic FLV for the splice and loader tests: the header, metadata, AAC/AVC sequence headers and
// media tags, each tag followed by its PreviousTagSize, as the edge sends them.
import { concat, FLV_AUDIO, FLV_SCRIPT, FLV_VIDEO, FlvUnitReader } from '../flv-splice';

export function flvHeader(): Uint8Array {
  return Uint8Array.from([0x46, 0x4c, 0x56, 0x01, 0x05, 0, 0, 0, 9, 0, 0, 0, 0]);
}

export function tag(type: number, timestamp: number, body: readonly number[]): Uint8Array {
  const size = body.length;
  const out = new Uint8Array(11 + size + 4);
  const view = new DataView(out.buffer);
  view.setUint8(0, type);
  view.setUint8(1, (size >> 16) & 0xff);
  view.setUint16(2, size & 0xffff);
  view.setUint8(4, (timestamp >> 16) & 0xff);
  view.setUint16(5, timestamp & 0xffff);
  view.setUint8(7, (timestamp >>> 24) & 0xff);
  out.set(body, 11);
  view.setUint32(11 + size, 11 + size);
  return out;
}

export const metadata = (): Uint8Array => tag(FLV_SCRIPT, 0, [2, 0, 10, ...Array.from('onMetaData', (c) => c.charCodeAt(0))]);
export const audioConfig = (variant = 0x10): Uint8Array => tag(FLV_AUDIO, 0, [0xaf, 0x00, 0x12, variant]);
export const videoConfig = (variant = 0x42): Uint8Array => tag(FLV_VIDEO, 0, [0x17, 0x00, 0, 0, 0, 1, variant]);
/** A media tag whose body also carries its timestamp, so a test can tell tags apart. */
export const audio = (ts: number): Uint8Array => tag(FLV_AUDIO, ts, [0xaf, 0x01, ts & 0xff, (ts >> 8) & 0xff]);
export const video = (ts: number, key = false): Uint8Array => tag(FLV_VIDEO, ts, [key ? 0x17 : 0x27, 0x01, 0, 0, 0, ts & 0xff]);

/** What the edge sends a new viewer: header, metadata, sequence headers, then the tags given. */
export function connectionStart(...tags: Uint8Array[]): Uint8Array {
  return concat([flvHeader(), metadata(), audioConfig(), videoConfig(), ...tags]);
}

/** Media from `from` to `to` ms: video every 40 ms (keyframe every 1000), audio every 23 ms. */
export function media(from: number, to: number): Uint8Array[] {
  const tags: Array<{ ts: number; bytes: Uint8Array }> = [];
  for (let ts = Math.ceil(from / 40) * 40; ts < to; ts += 40) tags.push({ ts, bytes: video(ts, ts % 1000 === 0) });
  for (let ts = Math.ceil(from / 23) * 23; ts < to; ts += 23) tags.push({ ts, bytes: audio(ts) });
  return tags.sort((a, b) => a.ts - b.ts).map((t) => t.bytes);
}

export interface ParsedTag {
  type: number;
  ts: number;
  sequenceHeader: boolean;
}

/** Parses a joined stream back: it must be one valid FLV (header first, whole tags). */
export function parseFlv(bytes: Uint8Array): { header: number; tags: ParsedTag[] } {
  const units = new FlvUnitReader().push(bytes);
  return {
    header: units.filter((u) => u.kind === 'header').length,
    tags: units.filter((u) => u.kind === 'tag').map((u) => ({ type: u.tagType, ts: u.timestamp, sequenceHeader: u.sequenceHeader })),
  };
}

/** The media timestamps of one track, in stream order. */
export function track(tags: ParsedTag[], type: number): number[] {
  return tags.filter((t) => t.type === type && !t.sequenceHeader).map((t) => t.ts);
}
