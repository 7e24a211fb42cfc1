import { CurrentSource } from './current-source';

const SEMINAR = '3f2b8c1e-5a4d-4e6f-9a7b-1c2d3e4f5a6b';

describe('CurrentSource', () => {
  const source = new CurrentSource();
  source.set({ edgeOrigin: 'https://media.example:8444', seminarId: SEMINAR, token: 'new.to.ken', protocols: ['flv', 'hls'] });

  it('puts the current token into the seminar\'s media URLs (playlist reloads, segments)', () => {
    expect(source.withCurrentToken(`https://media.example:8444/live/${SEMINAR}/old.to.ken/index.m3u8`)).toBe(
      `https://media.example:8444/live/${SEMINAR}/new.to.ken/index.m3u8`,
    );
    expect(source.withCurrentToken(`https://media.example:8444/live/${SEMINAR}/old.to.ken/seg_1764.ts`)).toBe(
      `https://media.example:8444/live/${SEMINAR}/new.to.ken/seg_1764.ts`,
    );
  });

  it.each([
    ['another host', `https://elsewhere.example/live/${SEMINAR}/old.to.ken/index.m3u8`],
    ['another seminar', 'https://media.example:8444/live/11111111-2222-4333-8444-555555555555/old.to.ken/index.m3u8'],
    ['a path outside /live', `https://media.example:8444/other/${SEMINAR}/old.to.ken/index.m3u8`],
    ['not a URL', 'not a url'],
  ])('leaves %s alone', (_case, url) => {
    expect(source.withCurrentToken(url)).toBe(url);
  });

  it('tells subscribers about a new source', () => {
    const seen: string[] = [];
    const unsubscribe = source.subscribe(() => seen.push(source.value?.token ?? ''));
    source.set({ ...source.value!, token: 'newer.to.ken' });
    unsubscribe();
    source.set({ ...source.value!, token: 'newest.to.ken' });
    expect(seen).toEqual(['newer.to.ken']);
    expect(source.url('flv')).toBe(`https://media.example:8444/live/${SEMINAR}/newest.to.ken/stream.flv`);
  });
});
