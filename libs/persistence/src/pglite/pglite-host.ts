// One PGlite instance (one PostgreSQL session) and the lock that hands it out. Every checkout sets
// the session up for its user (role, search_path) and every release puts it back, so services
// sharing the instance never see each other's role, settings or open transaction.
import { PGlite } from '@electric-sql/pglite';
import { quoteIdent } from '../identifiers';
import { installPgParsers } from './pg-compat';
import { PgliteClient } from './pglite-client';
import { SessionLock } from './session-lock';

export interface SessionSettings {
  /** Role to SET for the checkout; undefined keeps the bootstrap superuser. */
  role?: string;
  /** Schemas for unqualified names in raw SQL. */
  searchPath?: string[];
}

export const DEFAULT_ACQUIRE_TIMEOUT_MS = 30_000;

// PostgreSQL's default 128 MB of shared buffers lives inside the WASM heap and is touched as the
// catalog and tables are read: measured about 280 MB more resident memory than with 16 MB, which is
// plenty for one embedded session (the standalone shape's whole database).
const EMBEDDED_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

// ROLLBACK ends whatever the previous holder left open (PostgreSQL only warns when nothing is);
// RESET ALL drops session-level SETs (custom settings too); RESET ROLE is not covered by RESET ALL.
const RESET_SESSION = 'ROLLBACK; RESET ALL; RESET ROLE';

function settingsSql(settings: SessionSettings): string {
  const statements: string[] = [];
  if (settings.role) statements.push(`SET ROLE ${quoteIdent(settings.role)}`);
  if (settings.searchPath?.length)
    statements.push(`SET search_path TO ${settings.searchPath.map(quoteIdent).join(', ')}`);
  return statements.join('; ');
}

export interface PgliteHostOptions {
  /** Directory of the data files; undefined keeps them in memory. */
  dataDir?: string;
  /** A dump (`dumpDataDir`) to start from instead of running initdb. */
  loadDataDir?: Blob;
  acquireTimeoutMs?: number;
}

export class PgliteHost {
  private readonly lock = new SessionLock();
  private closed = false;

  private constructor(
    readonly pglite: PGlite,
    private readonly acquireTimeoutMs: number,
  ) {}

  static async create(opts: PgliteHostOptions): Promise<PgliteHost> {
    const pglite = await PGlite.create({
      startParams: EMBEDDED_START_PARAMS,
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    });
    installPgParsers(pglite);
    return new PgliteHost(pglite, opts.acquireTimeoutMs ?? DEFAULT_ACQUIRE_TIMEOUT_MS);
  }

  /** Waits for exclusive use of the session and prepares it; release the client to give it back. */
  async checkout(settings: SessionSettings = {}): Promise<PgliteClient> {
    const unlock = await this.lock.acquire(this.acquireTimeoutMs);
    const setup = settingsSql(settings);
    try {
      if (setup) await this.pglite.exec(setup);
    } catch (error) {
      await this.resetQuietly();
      unlock();
      throw error;
    }
    return new PgliteClient(this.pglite, async () => {
      try {
        await this.pglite.exec(RESET_SESSION);
      } finally {
        unlock();
      }
    });
  }

  async withSession<T>(settings: SessionSettings, work: (client: PgliteClient) => Promise<T>): Promise<T> {
    const client = await this.checkout(settings);
    try {
      return await work(client);
    } finally {
      await client.release();
    }
  }

  async dump(): Promise<Blob> {
    return this.withSession({}, () => this.pglite.dumpDataDir('none'));
  }

  /** Closes the instance once the current holder (if any) is done. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const unlock = await this.lock.acquire(this.acquireTimeoutMs).catch(() => undefined);
    try {
      await this.pglite.close();
    } finally {
      unlock?.();
    }
  }

  private async resetQuietly(): Promise<void> {
    try {
      await this.pglite.exec(RESET_SESSION);
    } catch {
      // The setup error is the one worth reporting.
    }
  }
}
