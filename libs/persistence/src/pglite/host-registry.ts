// One PGlite instance per data directory in the process: the standalone shape runs several services
// in one process and PostgreSQL files must have exactly one server. The instance closes when the
// last service using it has closed.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PgliteHost } from './pglite-host';
import { templateFor } from './template';

interface Entry {
  host: Promise<PgliteHost>;
  refs: number;
}

const entries = new Map<string, Entry>();
/** A directory's previous instance still closing: the next one must not open the files before. */
const closing = new Map<string, Promise<void>>();

export interface HostLease {
  readonly host: PgliteHost;
  release(): Promise<void>;
}

export async function leaseHost(dataDir: string): Promise<HostLease> {
  const dir = resolve(dataDir);
  let entry = entries.get(dir);
  if (!entry) {
    const previous = closing.get(dir) ?? Promise.resolve();
    const host = previous
      .catch(() => undefined)
      .then(async () => {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const template = templateFor(dir);
        return PgliteHost.create({ dataDir: dir, ...(template ? { loadDataDir: template } : {}) });
      });
    entry = { host, refs: 0 };
    entries.set(dir, entry);
    // A failed open must not stay cached for the next caller.
    void host.catch(() => {
      if (entries.get(dir) === entry) entries.delete(dir);
    });
  }
  entry.refs++;
  const leased = entry;
  let host: PgliteHost;
  try {
    host = await leased.host;
  } catch (error) {
    leased.refs--;
    throw error;
  }
  let released = false;
  return {
    host,
    release: async () => {
      if (released) return;
      released = true;
      if (--leased.refs > 0) return;
      if (entries.get(dir) === leased) entries.delete(dir);
      const done = host.close().finally(() => {
        if (closing.get(dir) === done) closing.delete(dir);
      });
      closing.set(dir, done);
      await done;
    },
  };
}
