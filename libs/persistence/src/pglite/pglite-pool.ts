// The `Pool` TypeORM's postgres driver instantiates (`driver: { Pool }`), as typeorm-pglite plugs
// PGlite in, but with one difference that matters: a connection is an exclusive checkout of the
// single session (through the host's lock) instead of every query going straight to the shared
// session, so two transactions can never interleave.
import { EventEmitter } from 'node:events';
import { PersistenceError } from '../errors';
import type { PgResult } from './pg-compat';
import type { PgliteClient, QueryInput } from './pglite-client';
import type { PgliteHost, SessionSettings } from './pglite-host';

export type ConnectCallback = (
  error: Error | null,
  client: PgliteClient | undefined,
  release: (error?: unknown) => void,
) => void;

export class PglitePool extends EventEmitter {
  private ended = false;

  constructor(
    private readonly host: PgliteHost,
    private readonly settings: SessionSettings,
  ) {
    super();
  }

  connect(): Promise<PgliteClient>;
  connect(callback: ConnectCallback): void;
  connect(callback?: ConnectCallback): Promise<PgliteClient> | void {
    const client = this.checkout();
    if (!callback) return client;
    client.then(
      (c) => callback(null, c, () => this.release(c)),
      (e: unknown) => callback(e instanceof Error ? e : new Error(String(e)), undefined, () => undefined),
    );
  }

  /** One statement on a checkout of its own, as `pg.Pool#query` does. */
  async query(input: QueryInput, values?: unknown[]): Promise<PgResult | PgResult[]> {
    const client = await this.checkout();
    try {
      return await client.query(input, values);
    } finally {
      await client.release();
    }
  }

  /** The instance is shared with other services and closes with its last lease, not here. */
  end(callback?: (error?: Error | null) => void): Promise<void> {
    this.ended = true;
    callback?.(null);
    return Promise.resolve();
  }

  private async checkout(): Promise<PgliteClient> {
    if (this.ended)
      throw new PersistenceError('EMBEDDED_CLIENT_RELEASED', 'connect on an embedded pool that has ended');
    return this.host.checkout(this.settings);
  }

  private release(client: PgliteClient): void {
    // pg's release callback is synchronous: a failed reset is reported as a pool error, like pg-pool
    // does for a broken idle client (TypeORM logs it).
    client.release().catch((error: unknown) => this.emit('error', error));
  }
}

/** The `driver` option for a TypeORM postgres DataSource running on `host` with `settings`. */
export function pgliteDriver(
  host: PgliteHost,
  settings: SessionSettings,
): { Pool: new (options?: unknown) => PglitePool } {
  return {
    Pool: class extends PglitePool {
      constructor() {
        super(host, settings);
      }
    },
  };
}
