import { isEventName, type EventPayload } from '@webinar/contracts';
import { type Envelope } from '../envelope';
import { MessagingError } from '../errors';

/** An outbox row as the pg driver returns it. */
export interface OutboxRow {
  id: string;
  name: string;
  payload: unknown;
  headers: Record<string, string> | null;
  occurred_at: Date | string;
}

/**
 * The envelope `enqueue()` built and validated, read back as it was stored: nothing is re-validated
 * or rebuilt here (every consumer validates what it receives anyway). Only a name outside the
 * catalogue, which no routing key could carry, is refused.
 */
export function storedEnvelope(row: OutboxRow): Envelope {
  if (!isEventName(row.name)) throw new MessagingError('UNKNOWN_EVENT', `Outbox row ${row.id} names an unknown event`);
  return {
    id: row.id,
    name: row.name,
    occurredAt: new Date(row.occurred_at).toISOString(),
    // Written by enqueue() from a payload that passed its contract schema.
    payload: row.payload as EventPayload<typeof row.name>,
    headers: row.headers ?? {},
  };
}
