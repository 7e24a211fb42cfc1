import { type EventName } from '@webinar/contracts';
import { scopeTransaction, type TenantContext } from '@webinar/persistence';
import { type DataSource, type EntityManager } from 'typeorm';
import { type Envelope } from '../envelope';
import { type Logger } from '../logger';
import { quoteSchema } from '../outbox/sql-identifier';

export interface IdempotentHandlerOptions<N extends EventName> {
  dataSource: DataSource;
  schema: string;
  /** Usually the queue name: the same message may be handled once by each consumer. */
  consumer: string;
  /**
   * Whose rows the handler's transaction may see and write (row-level security): normally the
   * company the message names; `{ root: true, reason }` only for platform-wide events, explicitly.
   */
  tenant: (message: Envelope<N>) => TenantContext;
  logger?: Logger;
}

/**
 * Turns at-least-once delivery into exactly-once effects: the inbox row and the handler's writes
 * commit in one transaction, so a redelivered message id finds its row and does nothing, and a
 * handler that fails rolls the row back so the redelivery runs it again. Two deliveries of one id
 * racing each other serialise on the primary key; the loser sees the winner's row.
 *
 * The transaction is scoped to the declared tenant before anything else runs in it, so no handler
 * sets (or forgets to set) the tenant itself.
 */
export function idempotentHandler<N extends EventName>(
  opts: IdempotentHandlerOptions<N>,
  handler: (message: Envelope<N>, manager: EntityManager) => Promise<void>,
): (message: Envelope<N>) => Promise<void> {
  const table = `${quoteSchema(opts.schema)}.inbox`;
  return async (message) => {
    const tenant = opts.tenant(message);
    await opts.dataSource.transaction(async (manager) => {
      await scopeTransaction(manager, tenant);
      const inserted: unknown[] = await manager.query(
        `INSERT INTO ${table} (consumer, message_id, handled_at) VALUES ($1, $2, now())
         ON CONFLICT (consumer, message_id) DO NOTHING RETURNING message_id`,
        [opts.consumer, message.id],
      );
      if (inserted.length === 0) {
        opts.logger?.info({ consumer: opts.consumer, messageId: message.id, event: message.name }, 'duplicate message ignored');
        return;
      }
      await handler(message, manager);
    });
  };
}
