import { type ConsumeMessage } from 'amqplib';
import { Events } from '@webinar/contracts';
import { seminarLive } from '../../test/support/events';
import { decodeDelivery, encodeEnvelope, previousDeliveries } from './wire-format';

function asDelivery(content: Buffer, properties: Record<string, unknown>, routingKey: string = Events.SeminarLive): ConsumeMessage {
  return {
    content,
    fields: { deliveryTag: 1, redelivered: false, exchange: 'x', routingKey, consumerTag: 'c' },
    properties: { headers: {}, ...properties },
  } as unknown as ConsumeMessage;
}

describe('wire format', () => {
  const envelope = {
    id: '5d0f1e4e-6d63-4c4e-9a7e-3f1f0c2b8a11',
    name: Events.SeminarLive,
    occurredAt: '2026-11-27T10:00:00.123Z',
    payload: seminarLive(),
    headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
  };

  it('round-trips an envelope through AMQP properties, keeping millisecond time', () => {
    const { content, options } = encodeEnvelope(envelope);
    expect(options).toMatchObject({ persistent: true, messageId: envelope.id, type: envelope.name, contentType: 'application/json' });

    const decoded = decodeDelivery(asDelivery(content, options as Record<string, unknown>));

    expect(decoded).toEqual({ ok: true, raw: envelope });
  });

  it('hides broker-added headers from the handler', () => {
    const { content, options } = encodeEnvelope(envelope);
    const headers = { ...options.headers, 'x-delivery-count': 2, 'x-first-death-reason': 'rejected', 'x-death': [] };

    const decoded = decodeDelivery(asDelivery(content, { ...options, headers }));

    expect(decoded.ok && decoded.raw.headers).toEqual(envelope.headers);
  });

  it('refuses unparsable JSON and foreign content types', () => {
    expect(decodeDelivery(asDelivery(Buffer.from('{'), {}))).toEqual({ ok: false, reason: 'body is not valid JSON' });
    expect(decodeDelivery(asDelivery(Buffer.from('{}'), { contentType: 'text/plain' }))).toEqual({
      ok: false,
      reason: 'unsupported content type "text/plain"',
    });
  });

  it('falls back to the routing key and the AMQP timestamp for producers that omit them', () => {
    const decoded = decodeDelivery(asDelivery(Buffer.from('{}'), { timestamp: 1_764_237_600 }, Events.SeminarEnded));

    expect(decoded.ok && decoded.raw).toMatchObject({ name: Events.SeminarEnded, occurredAt: '2025-11-27T10:00:00.000Z' });
  });

  it('reads the quorum queue delivery count', () => {
    expect(previousDeliveries(asDelivery(Buffer.from('{}'), { headers: { 'x-delivery-count': 3 } }))).toBe(3);
    expect(previousDeliveries(asDelivery(Buffer.from('{}'), {}))).toBe(0);
  });
});
