import { flvHeader, tags } from '../../test/support/flv-fixtures';
import { FlvFormatError, FlvTagReader } from '@webinar/player';
import { FlvGopCache } from './flv-gop-cache';

describe('FlvTagReader (the shared reader, on the edge)', () => {
  it('cuts a stream into its header and whole tags, wherever the chunks split it', () => {
    const parts = [flvHeader(), tags.metadata(), tags.videoConfig(), tags.keyframe(0), tags.audio(1)];
    const stream = Buffer.concat(parts);
    for (const step of [1, 3, 7, 64]) {
      const sut = new FlvTagReader();
      const units = [];
      for (let i = 0; i < stream.length; i += step) units.push(...sut.push(stream.subarray(i, i + step)));
      expect(units.map((u) => u.bytes)).toEqual(parts);
    }
  });

  it('refuses what is not FLV', () => {
    expect(() => new FlvTagReader().push(Buffer.from('GET / HTTP/1.1\r\n'))).toThrow(FlvFormatError);
  });
});

describe('FlvGopCache', () => {
  it('gives a joining viewer the header, metadata, sequence headers and the GOP since the last keyframe', () => {
    const sut = new FlvGopCache();
    const reader = new FlvTagReader();
    const stream = [
      flvHeader(),
      tags.metadata(),
      tags.audioConfig(),
      tags.videoConfig(),
      tags.audio(1), // before any keyframe: not decodable on its own, not kept
      tags.keyframe(2),
      tags.interframe(3),
      tags.keyframe(4),
      tags.audio(5),
      tags.interframe(6),
    ];
    for (const unit of reader.push(Buffer.concat(stream))) sut.add(unit);
    expect(sut.snapshot()).toEqual([stream[0], stream[1], stream[2], stream[3], stream[7], stream[8], stream[9]]);
  });

  it('has nothing to give before the header arrived', () => {
    expect(new FlvGopCache().snapshot()).toEqual([]);
  });
});
