import { type Channel } from 'amqplib';
import { type EventName } from '@webinar/contracts';
import { type ResolvedConsumer } from '../message-bus';

export interface ExchangeNames {
  /** Durable topic exchange every event is published to, routed by event name. */
  events: string;
  /** Direct exchange receiving dead letters, routed by the name of the queue they died in. */
  deadLetters: string;
}

export function deadLetterQueueName(queue: string): string {
  return `${queue}.dlq`;
}

export async function declareExchanges(channel: Channel, exchanges: ExchangeNames): Promise<void> {
  await channel.assertExchange(exchanges.events, 'topic', { durable: true });
  await channel.assertExchange(exchanges.deadLetters, 'direct', { durable: true });
}

/** Arguments fixed at first declaration; the broker refuses a later declaration that differs. */
export function consumerQueueArguments(queue: string, deliveryLimit: number, exchanges: ExchangeNames): Record<string, unknown> {
  return {
    // Quorum queues are replicated and count redeliveries, which is what makes the limit work.
    'x-queue-type': 'quorum',
    'x-delivery-limit': deliveryLimit,
    'x-dead-letter-exchange': exchanges.deadLetters,
    'x-dead-letter-routing-key': queue,
  };
}

/**
 * Declares a consumer's queue, its dead-letter queue and the bindings. Idempotent, so it runs
 * again after every reconnect (the broker may have been rebuilt with empty state).
 */
export async function declareConsumerTopology(
  channel: Channel,
  consumer: ResolvedConsumer<EventName>,
  exchanges: ExchangeNames,
): Promise<void> {
  await declareExchanges(channel, exchanges);
  const dlq = deadLetterQueueName(consumer.queue);
  await channel.assertQueue(dlq, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(dlq, exchanges.deadLetters, consumer.queue);
  await channel.assertQueue(consumer.queue, {
    durable: true,
    arguments: consumerQueueArguments(consumer.queue, consumer.deliveryLimit, exchanges),
  });
  for (const name of consumer.events) {
    await channel.bindQueue(consumer.queue, exchanges.events, name);
  }
}
