import { type ConsumeMessage, type Options } from 'amqplib';
import { type EventName } from '@webinar/contracts';
import { type Envelope } from '../envelope';
import { type RawDelivery } from '../incoming';

/** Carries the millisecond-precise event time; the AMQP `timestamp` property has whole seconds only. */
export const OCCURRED_AT_HEADER = 'x-occurred-at';
const CONTENT_TYPE = 'application/json';

// Headers the transport adds or owns; handlers see only what producers put in the envelope.
function isTransportHeader(key: string): boolean {
  return key === OCCURRED_AT_HEADER || key === 'x-delivery-count' || key === 'x-death' || key.startsWith('x-first-death-') || key.startsWith('x-last-death-');
}

export interface EncodedMessage {
  content: Buffer;
  options: Options.Publish;
}

export function encodeEnvelope<N extends EventName>(envelope: Envelope<N>): EncodedMessage {
  return {
    content: Buffer.from(JSON.stringify(envelope.payload), 'utf8'),
    options: {
      persistent: true,
      messageId: envelope.id,
      type: envelope.name,
      contentType: CONTENT_TYPE,
      contentEncoding: 'utf-8',
      timestamp: Math.floor(Date.parse(envelope.occurredAt) / 1000),
      headers: { ...envelope.headers, [OCCURRED_AT_HEADER]: envelope.occurredAt },
    },
  };
}

export type DecodeResult = { ok: true; raw: RawDelivery } | { ok: false; reason: string };

/** Turns an AMQP delivery back into envelope fields, without trusting any of them yet. */
export function decodeDelivery(message: ConsumeMessage): DecodeResult {
  const { properties, fields } = message;
  const contentType: unknown = properties.contentType;
  if (contentType !== undefined && contentType !== CONTENT_TYPE) {
    const shown = typeof contentType === 'string' ? contentType.slice(0, 100) : typeof contentType;
    return { ok: false, reason: `unsupported content type ${JSON.stringify(shown)}` };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(message.content.toString('utf8'));
  } catch {
    return { ok: false, reason: 'body is not valid JSON' };
  }
  const amqpHeaders: Record<string, unknown> = properties.headers ?? {};
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(amqpHeaders)) {
    if (typeof value === 'string' && !isTransportHeader(key)) headers[key] = value;
  }
  const timestamp: unknown = properties.timestamp;
  const occurredAt =
    amqpHeaders[OCCURRED_AT_HEADER] ?? (typeof timestamp === 'number' ? new Date(timestamp * 1000).toISOString() : undefined);
  const type: unknown = properties.type;
  return {
    ok: true,
    raw: {
      id: properties.messageId,
      // A producer that sets no type still routed by name; the routing key is the fallback.
      name: typeof type === 'string' ? type : fields.routingKey,
      occurredAt,
      payload,
      headers,
    },
  };
}

/** How many times the broker has already handed this message out (quorum queues count returns). */
export function previousDeliveries(message: ConsumeMessage): number {
  const count: unknown = (message.properties.headers ?? {})['x-delivery-count'];
  return typeof count === 'number' && Number.isFinite(count) ? count : 0;
}
