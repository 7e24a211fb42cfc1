// Where the edge's HLS store gets playlists and segments from: the remuxer's folder on this node
// (roles `all` and `ingest`), or the seminar's ingest node over its origin endpoint (role `edge`).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface HlsSource {
  /** The object's bytes; undefined when it does not exist (not live, or rotated out of the playlist). */
  read(seminarId: string, name: string): Promise<Buffer | undefined>;
}

/** The remuxer writes by rename (temp_file), so a file is either absent or complete. */
export function fileHlsSource(dirOf: (seminarId: string) => string): HlsSource {
  return {
    read: (seminarId, name) =>
      readFile(join(dirOf(seminarId), name)).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      }),
  };
}
