import { isEventName, type EventName, type EventPayload } from '@webinar/contracts';
import { type Envelope, type PublishOptions } from './envelope';
import { MessagingError } from './errors';

export const DEFAULT_DELIVERY_LIMIT = 5;
export const DEFAULT_PREFETCH = 10;

export interface ConsumerOptions<N extends EventName> {
  /** Durable queue shared by every replica of one consumer; each queue gets its own copy of an event. */
  queue: string;
  events: readonly N[];
  /**
   * Redeliveries allowed after a handler throws (RabbitMQ's `x-delivery-limit`): a failing message
   * is handled at most `deliveryLimit + 1` times, then dead-lettered. Default 5. Fixed when the
   * queue is first declared: a later, different value is refused with TOPOLOGY_MISMATCH.
   */
  deliveryLimit?: number;
  /** Messages handled concurrently by this consumer. Default 10. */
  prefetch?: number;
}

export interface Subscription {
  /** Stops consuming and waits for this consumer's in-flight handlers. The queue stays. */
  cancel(): Promise<void>;
}

export type MessageHandler<N extends EventName> = (message: Envelope<N>) => Promise<void>;

export interface MessageBus {
  /** Resolves only after the broker confirmed the message (or the in-process bus queued it). */
  publish<N extends EventName>(name: N, payload: EventPayload<N>, opts?: PublishOptions): Promise<void>;
  /**
   * Publishes an envelope that `createEnvelope` already built and validated (the outbox stores
   * them): nothing is rebuilt, so id, time and headers travel exactly as they were recorded.
   * Consumers still validate what they receive, as they do for every producer.
   */
  publishEnvelope(envelope: Envelope): Promise<void>;
  /**
   * At-least-once delivery: a handler must be idempotent (see `idempotentHandler`). Payloads are
   * validated before the handler runs; invalid ones go to the dead-letter queue.
   */
  subscribe<N extends EventName>(consumer: ConsumerOptions<N>, handler: MessageHandler<N>): Promise<Subscription>;
  /** Rejects when the bus cannot currently reach its broker (readiness probes). */
  ping(): Promise<void>;
  /** Graceful drain: stop consuming, wait for in-flight handlers, wait for pending confirms. */
  close(): Promise<void>;
}

export interface ResolvedConsumer<N extends EventName> {
  queue: string;
  events: ReadonlySet<N>;
  deliveryLimit: number;
  prefetch: number;
}

// Leaves room for the ".dlq" suffix within AMQP's 255-byte limit; "amq." is reserved by the broker.
const queueNamePattern = /^(?!amq\.)[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

export function resolveConsumer<N extends EventName>(options: ConsumerOptions<N>): ResolvedConsumer<N> {
  const { queue, events } = options;
  const deliveryLimit = options.deliveryLimit ?? DEFAULT_DELIVERY_LIMIT;
  const prefetch = options.prefetch ?? DEFAULT_PREFETCH;
  if (!queueNamePattern.test(queue)) throw new MessagingError('INVALID_CONSUMER', `Invalid queue name ${JSON.stringify(queue)}`);
  if (events.length === 0) throw new MessagingError('INVALID_CONSUMER', `Consumer ${queue} subscribes to no events`);
  const unknown = events.filter((name) => !isEventName(name));
  if (unknown.length > 0) throw new MessagingError('UNKNOWN_EVENT', `Consumer ${queue} subscribes to unknown events: ${unknown.join(', ')}`);
  if (!Number.isInteger(deliveryLimit) || deliveryLimit < 0 || deliveryLimit > 1000) {
    throw new MessagingError('INVALID_CONSUMER', `deliveryLimit must be an integer in 0..1000`);
  }
  if (!Number.isInteger(prefetch) || prefetch < 1 || prefetch > 65535) {
    throw new MessagingError('INVALID_CONSUMER', `prefetch must be an integer in 1..65535`);
  }
  return { queue, events: new Set(events), deliveryLimit, prefetch };
}
