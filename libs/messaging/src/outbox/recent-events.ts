import { type EventName } from '@webinar/contracts';
import { type EntityManager } from 'typeorm';
import { quoteSchema } from './sql-identifier';

export interface OutboxEvent {
  id: string;
  name: EventName;
  payload: unknown;
  /** ISO 8601. */
  occurredAt: string;
}

/**
 * The events named `names` that the service wrote to its outbox in the last `withinSeconds` (sent or
 * still pending), oldest first. The outbox is the record of what a service announced: a consumer that
 * lost its state (a restarted media node) replays the window from here (its revocation snapshot).
 */
export async function recentOutboxEvents(
  manager: EntityManager,
  schema: string,
  names: readonly EventName[],
  withinSeconds: number,
): Promise<OutboxEvent[]> {
  const table = `${quoteSchema(schema)}.outbox`;
  const rows: { id: string; name: EventName; payload: unknown; occurred_at: Date | string }[] = await manager.query(
    `SELECT id, name, payload, occurred_at FROM ${table}
      WHERE name = ANY($1::text[]) AND occurred_at > now() - make_interval(secs => $2)
      ORDER BY seq`,
    [names, withinSeconds],
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    payload: typeof row.payload === 'string' ? (JSON.parse(row.payload) as unknown) : row.payload,
    occurredAt: new Date(row.occurred_at).toISOString(),
  }));
}
