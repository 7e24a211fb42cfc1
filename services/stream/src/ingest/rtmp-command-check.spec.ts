import { amf0, command, EcmaArray, RawAmf } from '../../test/support/rtmp-wire';
import { checkCommand, checkControl, checkMedia, decodeAmf0, RtmpRefusal } from './rtmp-command-check';

const fresh = { connected: false, streaming: false, allowPlay: false };
const connected = { ...fresh, connected: true };
const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof RtmpRefusal) return error.message;
    throw error;
  }
  return 'accepted';
};

describe('rtmp command checks', () => {
  it('decodes the AMF0 real encoders send and refuses truncated, unknown and too deeply nested values', () => {
    expect(decodeAmf0(command('connect', 1, { app: 'live', n: null, a: [1, true] }, new EcmaArray({ w: 320 })))).toEqual([
      'connect', 1, { app: 'live', n: null, a: [1, true] }, { w: 320 },
    ]);
    expect(refusal(() => decodeAmf0(Buffer.from([0x02, 0x00, 0x05, 0x61])))).toBe('truncated amf0 value');
    expect(refusal(() => decodeAmf0(Buffer.from([0x07, 0x00, 0x01])))).toBe('unsupported amf0 type 0x7');
    expect(refusal(() => decodeAmf0(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x05])))).toMatch(/strict array longer/);
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = { d: deep };
    expect(refusal(() => decodeAmf0(amf0(deep as never)))).toBe('amf0 values nested too deep');
  });

  it('lets a real connect, createStream and publish through, and drops commands node-media-server ignores', () => {
    expect(checkCommand(command('connect', 1, { app: 'live', tcUrl: 'rtmps://h:1935/live', objectEncoding: 0 }), fresh)).toEqual({ name: 'connect', forward: true });
    expect(checkCommand(command('releaseStream', 2, null, 'x'), connected)).toEqual({ name: 'releaseStream', forward: false });
    expect(checkCommand(command('createStream', 3, null), connected).forward).toBe(true);
    expect(checkCommand(command('publish', 4, null, 'abc-123?key=k', 'live'), connected).forward).toBe(true);
  });

  it.each([
    ['a tcUrl that is not a URL', command('connect', 1, { app: 'live', tcUrl: 'not a url' }), fresh, /not a URL/],
    ['a tcUrl that is not rtmp', command('connect', 1, { app: 'live', tcUrl: 'http://x/' }), fresh, /not rtmp/],
    ['no command object', command('connect', 1), fresh, /without its command object/],
    ['a numeric app', command('connect', 1, { app: 7, tcUrl: 'rtmp://x/live' }), fresh, /invalid app/],
    ['an object as objectEncoding', command('connect', 1, { app: 'live', tcUrl: 'rtmp://x/live', objectEncoding: {} }), fresh, /objectEncoding/],
    ['a second connect', command('connect', 1, { app: 'live', tcUrl: 'rtmp://x/live' }), connected, /second connect/],
    ['publish before connect', command('publish', 4, null, 'x'), fresh, /before connect/],
    ['a numeric stream name', command('publish', 4, null, 12345), connected, /valid stream name/],
    ['a stream name of 2049 bytes', command('publish', 4, null, 'a'.repeat(2049)), connected, /valid stream name/],
    ['a path in the stream name', command('publish', 4, null, '../x'), connected, /invalid stream name/],
    ['play on a publish-only listener', command('play', 4, null, 'x'), connected, /not offered/],
    ['play without a stream name', command('play', 4, null), { ...connected, allowPlay: true }, /valid stream name/],
    ['a second publish', command('publish', 4, null, 'x'), { ...connected, streaming: true }, /second publish/],
    ['a command name that is not a string', command(5, 1), connected, /valid name/],
    ['garbage', new RawAmf(Buffer.from([0x42])).bytes, connected, /unsupported amf0/],
  ])('refuses %s', (_name, payload, context, reason) => {
    expect(refusal(() => checkCommand(payload, context))).toMatch(reason);
  });

  it('needs the payload of control messages and a chunk size within [1, 2^31-1]', () => {
    expect(refusal(() => checkControl(1, Buffer.alloc(0), 0))).toMatch(/without its 4-byte payload/);
    expect(refusal(() => checkControl(5, Buffer.alloc(8), 3))).toMatch(/without its 4-byte payload/); // stale bytes beyond the length
    expect(refusal(() => checkControl(1, Buffer.from([0, 0, 0, 0]), 4))).toMatch(/chunk size/);
    expect(refusal(() => checkControl(1, Buffer.from([0x80, 0, 0, 0]), 4))).toMatch(/chunk size/);
    expect(refusal(() => checkControl(1, Buffer.from([0x7f, 0xff, 0xff, 0xff]), 4))).toBe('accepted');
    expect(refusal(() => checkControl(1, Buffer.from([0, 0, 0x10, 0]), 4))).toBe('accepted');
  });

  it('needs media tags long enough for the header node-media-server reads, and metadata objects', () => {
    expect(refusal(() => checkMedia(9, Buffer.alloc(0), 0))).toMatch(/shorter than its tag header/);
    expect(refusal(() => checkMedia(9, Buffer.from([0x17, 2, 0, 0, 0]), 5))).toBe('accepted'); // AVC end of sequence
    expect(refusal(() => checkMedia(8, Buffer.alloc(0), 0))).toMatch(/empty audio/);
    expect(refusal(() => checkMedia(15, Buffer.alloc(4), 4))).toMatch(/unsupported media/);
    expect(refusal(() => checkMedia(18, command('@setDataFrame'), command('@setDataFrame').length))).toMatch(/metadata object/);
    const metadata = command('@setDataFrame', 'onMetaData', new EcmaArray({ width: 320 }));
    expect(refusal(() => checkMedia(18, metadata, metadata.length))).toBe('accepted');
  });
});
