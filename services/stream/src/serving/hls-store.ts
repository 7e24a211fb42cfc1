// Playlists and segments served from memory, whatever their source (this node's remuxer folder, or
// the seminar's ingest node for an edge). A playlist is re-read at most every `playlistTtlMs`, so N
// viewers polling it cost one read per interval; a segment is read once (its name never repeats
// within a stream), kept while the playlist lists it and the byte budget allows, and a segment the
// source no longer has is remembered as gone. Concurrent misses for one object share one read
// (request collapsing): the source sees each object once however many viewers ask at the same time.
import { LRUCache } from 'lru-cache';
import { PLAYLIST_NAME, SEGMENT_PATTERN } from '../packaging/hls-remuxer';
import type { HlsSource } from './hls-source';

interface StreamFiles {
  playlist?: { body: Buffer; readAtMs: number; segments: Set<string> };
  /** Names of this stream's segments held in the byte-bounded cache. */
  cached: Set<string>;
  /** Listed segments the source answered "not found" for: not asked again. */
  gone: Set<string>;
  lastUsedMs: number;
}

export interface HlsStoreOptions {
  source: HlsSource;
  /** Local files: 200 ms. An edge: about half a segment duration. */
  playlistTtlMs?: number;
  /** Budget for cached segments across all streams; least recently used ones go first. */
  maxSegmentBytes?: number;
  now?: () => number;
}

const DEFAULT_MAX_SEGMENT_BYTES = 256 * 1024 * 1024;

export class HlsStore {
  private readonly streams = new Map<string, StreamFiles>();
  private readonly reads = new Map<string, Promise<Buffer | undefined>>();
  /** Bounded by bytes (the lru-cache package): the cache must not grow with the number of live seminars. */
  private readonly segments: LRUCache<string, Buffer>;
  private readonly now: () => number;

  constructor(private readonly opts: HlsStoreOptions) {
    this.now = opts.now ?? Date.now;
    this.segments = new LRUCache({
      maxSize: opts.maxSegmentBytes ?? DEFAULT_MAX_SEGMENT_BYTES,
      // lru-cache wants a positive size; an empty segment still takes a slot.
      sizeCalculation: (body) => Math.max(1, body.length),
      dispose: (_body, key, reason) => {
        if (reason !== 'evict') return; // deletions by this class keep `cached` in step themselves
        const [seminarId, name] = key.split('/');
        if (seminarId && name) this.streams.get(seminarId)?.cached.delete(name);
      },
    });
  }

  /** Bytes of segments held in memory (all streams). */
  get cachedBytes(): number {
    return this.segments.calculatedSize;
  }

  async playlist(seminarId: string): Promise<Buffer | undefined> {
    const files = this.filesOf(seminarId);
    const cached = files.playlist;
    if (cached && this.now() - cached.readAtMs < (this.opts.playlistTtlMs ?? 200)) return cached.body;
    const body = await this.collapsedRead(seminarId, PLAYLIST_NAME);
    if (this.streams.get(seminarId) !== files) return body; // forgotten while reading
    if (!body) {
      this.drop(seminarId, files);
      return undefined;
    }
    const segments = new Set(
      body
        .toString('utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => SEGMENT_PATTERN.test(line)),
    );
    files.playlist = { body, readAtMs: this.now(), segments };
    for (const name of files.cached) if (!segments.has(name)) this.uncache(seminarId, files, name);
    for (const name of files.gone) if (!segments.has(name)) files.gone.delete(name);
    return body;
  }

  /** Only segments the current playlist lists are served; anything else is not found. */
  async segment(seminarId: string, name: string): Promise<Buffer | undefined> {
    if (!SEGMENT_PATTERN.test(name)) return undefined;
    const files = this.filesOf(seminarId);
    const hit = this.segments.get(keyOf(seminarId, name));
    if (hit) return hit;
    if (!files.playlist?.segments.has(name)) await this.playlist(seminarId);
    if (!files.playlist?.segments.has(name) || files.gone.has(name)) return undefined;
    const body = await this.collapsedRead(seminarId, name);
    if (this.streams.get(seminarId) !== files || !files.playlist?.segments.has(name)) return body;
    if (!body) {
      files.gone.add(name);
      return undefined;
    }
    if (!files.cached.has(name)) {
      const key = keyOf(seminarId, name);
      this.segments.set(key, body);
      // A segment larger than the whole budget is served but not kept.
      if (this.segments.has(key)) files.cached.add(name);
    }
    return body;
  }

  /** The stream ended: its files are no longer served. */
  forget(seminarId: string): void {
    const files = this.streams.get(seminarId);
    if (files) this.drop(seminarId, files);
  }

  /** Drops streams nobody asked for in `idleMs` (an edge may never hear that a stream ended). */
  sweep(idleMs: number): void {
    const cutoff = this.now() - idleMs;
    for (const [seminarId, files] of this.streams) if (files.lastUsedMs < cutoff) this.drop(seminarId, files);
  }

  private filesOf(seminarId: string): StreamFiles {
    let files = this.streams.get(seminarId);
    if (!files) {
      files = { cached: new Set(), gone: new Set(), lastUsedMs: this.now() };
      this.streams.set(seminarId, files);
    }
    files.lastUsedMs = this.now();
    return files;
  }

  private drop(seminarId: string, files: StreamFiles): void {
    for (const name of files.cached) this.segments.delete(keyOf(seminarId, name));
    this.streams.delete(seminarId);
  }

  private uncache(seminarId: string, files: StreamFiles, name: string): void {
    files.cached.delete(name);
    this.segments.delete(keyOf(seminarId, name));
  }

  private collapsedRead(seminarId: string, name: string): Promise<Buffer | undefined> {
    const key = keyOf(seminarId, name);
    const pending = this.reads.get(key);
    if (pending) return pending;
    const read = this.opts.source.read(seminarId, name).finally(() => this.reads.delete(key));
    this.reads.set(key, read);
    return read;
  }
}

function keyOf(seminarId: string, name: string): string {
  return `${seminarId}/${name}`;
}
