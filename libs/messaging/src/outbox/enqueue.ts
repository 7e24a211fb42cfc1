import { randomUUID } from 'node:crypto';
import { type EventName, type EventPayload } from '@webinar/contracts';
import { type EntityManager } from 'typeorm';
import { createEnvelope } from '../envelope';
import { markEnqueued } from './commit-signal';
import { MessagingError } from '../errors';
import { quoteSchema } from './sql-identifier';

/**
 * Records an event in the outbox inside the caller's transaction, so it is published if and only
 * if the business change commits. The envelope is built and validated here, once (a bad event fails
 * the request that caused it), with the current trace context so the consumer's work joins this
 * trace; the relay publishes the stored envelope as it is. The commit wakes this process's relay.
 */
export async function enqueue<N extends EventName>(
  manager: EntityManager,
  schema: string,
  name: N,
  payload: EventPayload<N>,
): Promise<string> {
  const table = `${quoteSchema(schema)}.outbox`;
  if (!manager.queryRunner?.isTransactionActive) {
    throw new MessagingError('NO_TRANSACTION', 'enqueue() needs the EntityManager of an open transaction');
  }
  const envelope = createEnvelope(name, payload, { id: randomUUID() });
  await manager.query(`INSERT INTO ${table} (id, name, payload, headers, occurred_at) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5)`, [
    envelope.id,
    envelope.name,
    JSON.stringify(envelope.payload),
    JSON.stringify(envelope.headers),
    envelope.occurredAt,
  ]);
  markEnqueued(manager, schema);
  return envelope.id;
}
