import { concat, FLV_AUDIO, FLV_VIDEO, FlvFormatError, FlvSplice, FlvUnitReader, type SpliceInput } from './flv-splice';
import { audioConfig, connectionStart, media, parseFlv, track, videoConfig } from './testing/flv-fixtures';

/** Feeds one connection's bytes through the splice; answers what reached the joined stream. */
function feed(input: SpliceInput, reader: FlvUnitReader, bytes: Uint8Array, owner: boolean): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (owner) input.takeOver();
  for (const unit of reader.push(bytes)) if (input.accept(unit) === 'forward') out.push(unit.bytes);
  return out;
}

/** Splits bytes into chunks of `size`, as a network would. */
function chunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.byteLength; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

describe('FlvUnitReader', () => {
  it('cuts a stream into the header and whole tags wherever the chunks end', () => {
    const stream = connectionStart(...media(0, 500));
    const whole = new FlvUnitReader().push(stream);
    const reader = new FlvUnitReader();
    const pieces = chunks(stream, 7).flatMap((c) => reader.push(c));
    expect(pieces.map((u) => [u.kind, u.tagType, u.timestamp])).toEqual(whole.map((u) => [u.kind, u.tagType, u.timestamp]));
    expect(concat(pieces.map((u) => u.bytes))).toEqual(stream);
    expect(whole.filter((u) => u.sequenceHeader).map((u) => u.tagType)).toEqual([FLV_AUDIO, FLV_VIDEO]);
  });

  it('refuses bytes that are not FLV', () => {
    expect(() => new FlvUnitReader().push(Uint8Array.from([0x3c, 0x68, 0x74, 0x6d, 0x6c, 0x3e, 0, 0, 0, 0]))).toThrow(FlvFormatError);
  });
});

describe('FlvSplice', () => {
  it('joins a second connection (header, metadata, configs, cached GOP, live) without a gap or a repeat', () => {
    const splice = new FlvSplice();
    const first = splice.connection();
    const out = feed(first, new FlvUnitReader(), connectionStart(...media(0, 2000)), true);
    // The second connection replays the GOP since the keyframe at 1000 ms, then goes on.
    const second = splice.connection();
    const secondReader = new FlvUnitReader();
    out.push(...feed(second, secondReader, connectionStart(...media(1000, 1990)), false));
    expect(second.synced).toBe(true);
    out.push(...feed(second, secondReader, concat(media(1990, 3000)), false));

    const joined = parseFlv(concat(out));
    expect(joined.header).toBe(1);
    expect(joined.tags.filter((t) => t.sequenceHeader)).toHaveLength(2);
    const expected = parseFlv(concat([connectionStart(...media(0, 3000))]));
    expect(track(joined.tags, FLV_VIDEO)).toEqual(track(expected.tags, FLV_VIDEO));
    expect(track(joined.tags, FLV_AUDIO)).toEqual(track(expected.tags, FLV_AUDIO));
    expect(joined.tags.filter((t) => t.type === 18)).toHaveLength(1);
  });

  it('is not synced while the new connection only replays what was forwarded', () => {
    const splice = new FlvSplice();
    feed(splice.connection(), new FlvUnitReader(), connectionStart(...media(0, 2000)), true);
    const second = splice.connection();
    expect(feed(second, new FlvUnitReader(), connectionStart(...media(1000, 1500)), false)).toEqual([]);
    expect(second.synced).toBe(false);
  });

  it('forwards a changed sequence header at takeover (the presenter changed encoder settings), an unchanged one never', () => {
    const splice = new FlvSplice();
    feed(splice.connection(), new FlvUnitReader(), connectionStart(...media(0, 1000)), true);
    const same = splice.connection();
    feed(same, new FlvUnitReader(), connectionStart(...media(1000, 1100)), false);
    expect(same.takeOver()).toEqual([]);
    const changed = splice.connection();
    const start = concat([connectionStart(), audioConfig(0x11), videoConfig(0x43), ...media(1100, 1200)]);
    feed(changed, new FlvUnitReader(), start, false);
    expect(changed.takeOver().map((bytes) => parseFlv(concat([connectionStart(), bytes])).tags.at(-1)?.type)).toEqual([FLV_AUDIO, FLV_VIDEO]);
  });

  it('recognises another broadcast (timestamps from zero) instead of dropping it for ever', () => {
    const splice = new FlvSplice();
    feed(splice.connection(), new FlvUnitReader(), connectionStart(...media(0, 120_000)), true);
    const next = splice.connection();
    const decisions = new FlvUnitReader().push(connectionStart(...media(0, 100))).map((u) => next.accept(u));
    expect(decisions).toContain('new-timeline');
  });

  it('lets a reconnect after a gap through at once (nothing to repeat)', () => {
    const splice = new FlvSplice();
    feed(splice.connection(), new FlvUnitReader(), connectionStart(...media(0, 1000)), true);
    const later = splice.connection();
    const out = feed(later, new FlvUnitReader(), connectionStart(...media(3000, 3500)), true);
    expect(track(parseFlv(concat([connectionStart(), ...out])).tags, FLV_VIDEO)[0]).toBe(3000);
  });
});
