import { PassThrough } from 'node:stream';
import { FlvFanout } from './flv-fanout';
import { flvHeader, tags } from '../../test/support/flv-fixtures';

describe('FlvFanout', () => {
  const sinkOf = () => {
    const got: Buffer[] = [];
    let ended = false;
    return { got, ended: () => ended, sink: { write: (b: Buffer) => void got.push(b), end: () => void (ended = true) } };
  };

  it('opens one origin connection for many viewers, gives late joiners the GOP, and closes with the last viewer', async () => {
    const upstream = new PassThrough();
    let opened = 0;
    const sut = new FlvFanout({ open: async () => ((opened += 1), upstream) });
    const a = sinkOf();
    const tapA = await sut.tap('s', a.sink);
    upstream.write(Buffer.concat([flvHeader(), tags.videoConfig(), tags.keyframe(1)]));
    upstream.write(tags.interframe(2).subarray(0, 5)); // a tag split across chunks
    await new Promise((r) => setImmediate(r));
    const b = sinkOf();
    const tapB = await sut.tap('s', b.sink);
    expect(Buffer.concat(b.got)).toEqual(Buffer.concat([flvHeader(), tags.videoConfig(), tags.keyframe(1)]));
    upstream.write(tags.interframe(2).subarray(5));
    await new Promise((r) => setImmediate(r));
    expect(Buffer.concat(a.got)).toEqual(Buffer.concat([flvHeader(), tags.videoConfig(), tags.keyframe(1), tags.interframe(2)]));
    expect(b.got.at(-1)).toEqual(tags.interframe(2));
    expect(opened).toBe(1);
    expect(sut.upstreamCount).toBe(1);
    tapA?.detach();
    expect(upstream.destroyed).toBe(false);
    tapB?.detach();
    expect(upstream.destroyed).toBe(true);
    expect(sut.upstreamCount).toBe(0);
  });

  it('ends every viewer when the origin ends the stream, and says "not live" when it has none', async () => {
    const upstream = new PassThrough();
    const sut = new FlvFanout({ open: async (seminarId) => (seminarId === 'live' ? upstream : undefined) });
    const a = sinkOf();
    await sut.tap('live', a.sink);
    upstream.destroy();
    await new Promise((r) => setImmediate(r));
    expect(a.ended()).toBe(true);
    expect(await sut.tap('other', sinkOf().sink)).toBeUndefined();
  });
});
