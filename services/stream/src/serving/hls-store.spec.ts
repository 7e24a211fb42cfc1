import { HlsStore } from './hls-store';
import type { HlsSource } from './hls-source';

/** A source with a settable playlist and segment bodies, counting reads per object. */
class FakeSource implements HlsSource {
  readonly reads = new Map<string, number>();
  readonly files = new Map<string, Buffer>();
  private gate?: Promise<void>;
  private open?: () => void;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  list(...segments: string[]): void {
    this.files.set('index.m3u8', Buffer.from(['#EXTM3U', ...segments.flatMap((s) => ['#EXTINF:1.0,', s])].join('\n')));
    for (const s of segments) if (!this.files.has(s)) this.files.set(s, Buffer.alloc(1000, s));
  }

  async read(_seminarId: string, name: string): Promise<Buffer | undefined> {
    this.reads.set(name, (this.reads.get(name) ?? 0) + 1);
    await this.gate;
    return this.files.get(name);
  }
}

describe('HlsStore', () => {
  const seminar = 'sem';
  let now = 0;
  let source: FakeSource;
  beforeEach(() => {
    now = 1_000;
    source = new FakeSource();
    source.list('seg_1.ts', 'seg_2.ts');
  });

  it('collapses concurrent requests for one object into one read, playlist and segment alike', async () => {
    const sut = new HlsStore({ source, playlistTtlMs: 500, now: () => now });
    source.hold();
    const playlists = Array.from({ length: 50 }, () => sut.playlist(seminar));
    source.release();
    await Promise.all(playlists);
    source.hold();
    const segments = Array.from({ length: 50 }, () => sut.segment(seminar, 'seg_2.ts'));
    source.release();
    expect((await Promise.all(segments)).every((b) => b?.length === 1000)).toBe(true);
    expect(source.reads.get('index.m3u8')).toBe(1);
    expect(source.reads.get('seg_2.ts')).toBe(1);
  });

  it('re-reads a playlist once per ttl, and a segment never while it is listed', async () => {
    const sut = new HlsStore({ source, playlistTtlMs: 500, now: () => now });
    for (let i = 0; i < 20; i += 1) {
      await sut.playlist(seminar);
      await sut.segment(seminar, 'seg_1.ts');
      now += 100;
    }
    expect(source.reads.get('index.m3u8')).toBe(4); // at 0, 500, 1000, 1500 ms
    expect(source.reads.get('seg_1.ts')).toBe(1);
  });

  it('serves only listed segments, and does not ask again for one the source no longer has', async () => {
    const sut = new HlsStore({ source, now: () => now });
    expect(await sut.segment(seminar, 'seg_9.ts')).toBeUndefined();
    expect(await sut.segment(seminar, '../index.m3u8')).toBeUndefined();
    source.files.delete('seg_1.ts');
    expect(await sut.segment(seminar, 'seg_1.ts')).toBeUndefined();
    expect(await sut.segment(seminar, 'seg_1.ts')).toBeUndefined();
    expect(source.reads.get('seg_1.ts')).toBe(1);
    expect(source.reads.has('seg_9.ts')).toBe(false);
  });

  it('drops segments the playlist stopped listing, and the least recently used ones beyond its budget', async () => {
    const sut = new HlsStore({ source, playlistTtlMs: 0, maxSegmentBytes: 2_500, now: () => now });
    await sut.segment(seminar, 'seg_1.ts');
    await sut.segment(seminar, 'seg_2.ts');
    expect(sut.cachedBytes).toBe(2_000);
    source.list('seg_2.ts', 'seg_3.ts', 'seg_4.ts');
    await sut.playlist(seminar);
    expect(sut.cachedBytes).toBe(1_000); // seg_1 is no longer listed
    await sut.segment(seminar, 'seg_3.ts');
    await sut.segment(seminar, 'seg_4.ts'); // over budget: seg_2, the least recently used, goes
    expect(sut.cachedBytes).toBe(2_000);
    await sut.segment(seminar, 'seg_2.ts');
    expect(source.reads.get('seg_2.ts')).toBe(2);
  });

  it('forgets a stream that ended, and one nobody asked for', async () => {
    const sut = new HlsStore({ source, now: () => now });
    await sut.segment(seminar, 'seg_1.ts');
    sut.forget(seminar);
    expect(sut.cachedBytes).toBe(0);
    await sut.segment(seminar, 'seg_1.ts');
    now += 61_000;
    sut.sweep(60_000);
    expect(sut.cachedBytes).toBe(0);
  });

  it('stops serving a playlist the source no longer has', async () => {
    const sut = new HlsStore({ source, playlistTtlMs: 0, now: () => now });
    expect(await sut.playlist(seminar)).toBeDefined();
    source.files.delete('index.m3u8');
    expect(await sut.playlist(seminar)).toBeUndefined();
  });
});
