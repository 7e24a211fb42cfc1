// Playlists and segments served from memory. The remuxer writes them by rename (temp_file), so a
// file is either absent or complete. A playlist is re-read at most every `playlistTtlMs`; a segment
// is read once (its name never repeats within a stream) and kept while the playlist lists it.
// Concurrent misses for one object share one read (request collapsing).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PLAYLIST_NAME, SEGMENT_PATTERN } from '../packaging/hls-remuxer';

interface StreamFiles {
  playlist?: { body: Buffer; readAtMs: number; segments: Set<string> };
  segments: Map<string, Buffer>;
}

export interface HlsStoreOptions {
  dirOf(seminarId: string): string;
  playlistTtlMs?: number;
  now?: () => number;
}

export class HlsStore {
  private readonly streams = new Map<string, StreamFiles>();
  private readonly reads = new Map<string, Promise<Buffer | undefined>>();
  private readonly now: () => number;

  constructor(private readonly opts: HlsStoreOptions) {
    this.now = opts.now ?? Date.now;
  }

  async playlist(seminarId: string): Promise<Buffer | undefined> {
    const files = this.filesOf(seminarId);
    const cached = files.playlist;
    if (cached && this.now() - cached.readAtMs < (this.opts.playlistTtlMs ?? 200)) return cached.body;
    const body = await this.collapsedRead(seminarId, PLAYLIST_NAME);
    if (!body) return cached?.body;
    const segments = new Set(
      body
        .toString('utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => SEGMENT_PATTERN.test(line)),
    );
    files.playlist = { body, readAtMs: this.now(), segments };
    for (const name of files.segments.keys()) if (!segments.has(name)) files.segments.delete(name);
    return body;
  }

  /** Only segments the current playlist lists are served; anything else is not found. */
  async segment(seminarId: string, name: string): Promise<Buffer | undefined> {
    if (!SEGMENT_PATTERN.test(name)) return undefined;
    const files = this.filesOf(seminarId);
    const hit = files.segments.get(name);
    if (hit) return hit;
    if (!files.playlist?.segments.has(name)) await this.playlist(seminarId);
    if (!files.playlist?.segments.has(name)) return undefined;
    const body = await this.collapsedRead(seminarId, name);
    if (body && files.playlist.segments.has(name)) files.segments.set(name, body);
    return body;
  }

  /** The stream ended: its files are no longer served. */
  forget(seminarId: string): void {
    this.streams.delete(seminarId);
  }

  private filesOf(seminarId: string): StreamFiles {
    let files = this.streams.get(seminarId);
    if (!files) {
      files = { segments: new Map() };
      this.streams.set(seminarId, files);
    }
    return files;
  }

  private collapsedRead(seminarId: string, name: string): Promise<Buffer | undefined> {
    const key = `${seminarId}/${name}`;
    const pending = this.reads.get(key);
    if (pending) return pending;
    const read = readFile(join(this.opts.dirOf(seminarId), name))
      .catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      })
      .finally(() => this.reads.delete(key));
    this.reads.set(key, read);
    return read;
  }
}
