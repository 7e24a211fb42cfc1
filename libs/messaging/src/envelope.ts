import { randomUUID } from 'node:crypto';
import { isEventName, isUuid, parseEvent, type EventName, type EventPayload } from '@webinar/contracts';
import { MessagingError } from './errors';
import { currentTraceHeaders } from './trace-context';

export interface Envelope<N extends EventName = EventName> {
  /** Unique per message and stable across redeliveries and relays: the idempotency key. */
  id: string;
  name: N;
  /** ISO 8601: when the producer recorded the event, not when it was delivered. */
  occurredAt: string;
  payload: EventPayload<N>;
  /** W3C traceparent/tracestate live here. */
  headers: Record<string, string>;
}

export interface PublishOptions {
  /** Reuse an id (outbox relay, retries) so consumers can de-duplicate. Must be a UUID. */
  id?: string;
  /** Explicit headers win over the trace context captured from the caller. */
  headers?: Record<string, string>;
  /** Defaults to now; the outbox relay passes the time the row was written. */
  occurredAt?: string;
}

/** Envelope ids are checked with the platform's one UUID check. */
export { isUuid };

export function isIsoTimestamp(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * Builds the envelope a producer sends, validating the payload first: a producer bug should fail
 * in the producer's request, not turn into a dead letter somewhere else later.
 */
export function createEnvelope<N extends EventName>(name: N, payload: EventPayload<N>, opts: PublishOptions = {}): Envelope<N> {
  if (!isEventName(name)) {
    throw new MessagingError('UNKNOWN_EVENT', `Unknown event name ${JSON.stringify(String(name).slice(0, 100))}`);
  }
  const parsed = parseEvent(name, payload);
  if (!parsed.ok) throw new MessagingError('INVALID_PAYLOAD', parsed.reason);
  const id = opts.id ?? randomUUID();
  if (!isUuid(id)) throw new MessagingError('INVALID_ENVELOPE', 'Message id must be a UUID');
  const occurredAt = opts.occurredAt ?? new Date().toISOString();
  if (!isIsoTimestamp(occurredAt)) throw new MessagingError('INVALID_ENVELOPE', 'occurredAt must be an ISO 8601 timestamp');
  return {
    id,
    name,
    occurredAt,
    payload: parsed.payload as EventPayload<N>,
    headers: { ...currentTraceHeaders(), ...opts.headers },
  };
}
