// What TypeORM's postgres driver receives as a "connection": node-postgres's Client surface
// (`query` with promise or callback, `release`, events) over the PGlite session it holds exclusively.
import type { PGlite } from '@electric-sql/pglite';
import { EventEmitter } from 'node:events';
import { PersistenceError } from '../errors';
import { prepareParams, type PgResult, queryOptions, toPgError, toPgResult } from './pg-compat';

export type QueryCallback = (error: Error | null, result?: PgResult | PgResult[]) => void;
export type QueryInput = string | { text: string; values?: unknown[] };

function isCallback(value: unknown): value is QueryCallback {
  return typeof value === 'function';
}

export class PgliteClient extends EventEmitter {
  private released = false;

  constructor(
    private readonly pglite: PGlite,
    private readonly cleanup: () => Promise<void>,
  ) {
    super();
  }

  get isReleased(): boolean {
    return this.released;
  }

  query(input: QueryInput, values?: unknown[]): Promise<PgResult | PgResult[]>;
  query(input: QueryInput, callback: QueryCallback): void;
  query(input: QueryInput, values: unknown[] | undefined, callback: QueryCallback): void;
  query(
    input: QueryInput,
    valuesOrCallback?: unknown[] | QueryCallback,
    maybeCallback?: QueryCallback,
  ): Promise<PgResult | PgResult[]> | void {
    const callback = isCallback(valuesOrCallback) ? valuesOrCallback : maybeCallback;
    const values = isCallback(valuesOrCallback) ? undefined : valuesOrCallback;
    const result = this.run(input, values);
    if (!callback) return result;
    result.then(
      (r) => callback(null, r),
      (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
    );
  }

  /** Ends this checkout: rolls back what was left open, resets the session, frees it. Idempotent. */
  release(): Promise<void> {
    if (this.released) return Promise.resolve();
    this.released = true;
    return this.cleanup();
  }

  private async run(input: QueryInput, explicitValues?: unknown[]): Promise<PgResult | PgResult[]> {
    if (this.released) {
      throw new PersistenceError(
        'EMBEDDED_CLIENT_RELEASED',
        'query on an embedded database client that was already released',
      );
    }
    if (typeof input !== 'string' && typeof (input as { text?: unknown }).text !== 'string') {
      throw new PersistenceError(
        'EMBEDDED_UNSUPPORTED',
        'the embedded database supports plain queries only (no cursors or streams)',
      );
    }
    const text = typeof input === 'string' ? input : input.text;
    const values = explicitValues ?? (typeof input === 'string' ? undefined : input.values);
    try {
      if (values && values.length > 0) {
        return toPgResult(await this.pglite.query(text, prepareParams(values), queryOptions()));
      }
      // Like pg without parameters: the simple protocol, so one string may hold several
      // statements (migrations); several statements give an array of results, as with pg.
      const results = (await this.pglite.exec(text)).map(toPgResult);
      return results.length === 1 ? results[0]! : results;
    } catch (error) {
      throw toPgError(error);
    }
  }
}
