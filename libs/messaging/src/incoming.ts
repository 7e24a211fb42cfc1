import { parseEvent, type EventName } from '@webinar/contracts';
import { isIsoTimestamp, isUuid, type Envelope } from './envelope';

/** What arrived, before anything is trusted. */
export interface RawDelivery {
  id: unknown;
  name: unknown;
  occurredAt: unknown;
  payload: unknown;
  headers: Record<string, string>;
}

export type IncomingResult<N extends EventName> = { ok: true; envelope: Envelope<N> } | { ok: false; reason: string };

/**
 * Every driver runs this before a handler sees a message, so a handler can rely on its types: the
 * producer may be another version, another language, or a hand-typed message in the admin UI.
 */
export function validateIncoming<N extends EventName>(raw: RawDelivery, accepted: ReadonlySet<N>): IncomingResult<N> {
  if (!isUuid(raw.id)) return { ok: false, reason: 'message id missing or not a UUID' };
  if (typeof raw.name !== 'string') return { ok: false, reason: 'event name missing' };
  if (!isIsoTimestamp(raw.occurredAt)) return { ok: false, reason: 'occurredAt missing or not ISO 8601' };
  const parsed = parseEvent(raw.name, raw.payload);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  if (!(accepted as ReadonlySet<EventName>).has(parsed.name)) {
    return { ok: false, reason: `event ${parsed.name} is not one this consumer subscribed to` };
  }
  const envelope = { id: raw.id, name: parsed.name, occurredAt: raw.occurredAt, payload: parsed.payload, headers: raw.headers };
  // `accepted.has` above proves the name is an N; the compiler cannot follow a Set lookup.
  return { ok: true, envelope: envelope as Envelope<N> };
}
