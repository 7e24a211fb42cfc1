// Tells the relays of this process that a transaction which enqueued messages has committed, so
// they publish now instead of at their next poll. TypeORM broadcasts each commit to the DataSource's
// subscribers with the query runner that ran the transaction; the enqueued schemas ride on that
// runner's `data` (TypeORM's slot for sharing with subscribers) until the outermost commit or rollback.
import { type DataSource, type EntityManager, type EntitySubscriberInterface, type QueryRunner } from 'typeorm';

const ENQUEUED = 'webinar.outbox.enqueued';

type Listeners = Map<string, Set<() => void>>;
const listenersByDataSource = new WeakMap<DataSource, Listeners>();

function enqueuedSchemas(runner: QueryRunner): Set<string> | undefined {
  const schemas: unknown = (runner.data as Record<string, unknown>)[ENQUEUED];
  return schemas instanceof Set ? (schemas as Set<string>) : undefined;
}

/** Remembers, on the transaction's query runner, that it enqueued into `schema`'s outbox. */
export function markEnqueued(manager: EntityManager, schema: string): void {
  const runner = manager.queryRunner;
  if (!runner) return;
  const schemas = enqueuedSchemas(runner);
  if (schemas) schemas.add(schema);
  else (runner.data as Record<string, unknown>)[ENQUEUED] = new Set([schema]);
}

function dispatcher(listeners: Listeners): EntitySubscriberInterface {
  // A savepoint's release or rollback is not the end: only the outermost one decides.
  const take = (runner: QueryRunner): Set<string> | undefined => {
    if (runner.isTransactionActive) return undefined;
    const schemas = enqueuedSchemas(runner);
    delete (runner.data as Record<string, unknown>)[ENQUEUED];
    return schemas;
  };
  return {
    afterTransactionCommit({ queryRunner }): void {
      for (const schema of take(queryRunner) ?? []) for (const listener of listeners.get(schema) ?? []) listener();
    },
    afterTransactionRollback({ queryRunner }): void {
      take(queryRunner);
    },
  };
}

/**
 * Calls `listener` after each outermost commit that enqueued into `schema`'s outbox through
 * `dataSource`. Returns the function that stops listening.
 */
export function onEnqueuedCommit(dataSource: DataSource, schema: string, listener: () => void): () => void {
  let listeners = listenersByDataSource.get(dataSource);
  if (!listeners) {
    listeners = new Map();
    listenersByDataSource.set(dataSource, listeners);
    dataSource.subscribers.push(dispatcher(listeners));
  }
  const forSchema = listeners.get(schema) ?? new Set();
  listeners.set(schema, forSchema);
  forSchema.add(listener);
  return () => {
    forSchema.delete(listener);
  };
}
