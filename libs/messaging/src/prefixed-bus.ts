// A bus whose queues all carry a prefix: integration tests give each run its own queues on a shared
// broker (with their own exchanges), so parallel runs never consume each other's messages, and they
// know which queues to delete at the end.
import type { EventName } from '@webinar/contracts';
import { connect } from 'amqplib';
import { deadLetterQueueName } from './amqp/topology';
import type { ConsumerOptions, MessageBus, MessageHandler, Subscription } from './message-bus';

export class PrefixedBus implements MessageBus {
  /** Every queue subscribed through this bus, prefixed. */
  readonly queues = new Set<string>();

  constructor(
    private readonly inner: MessageBus,
    private readonly prefix: string,
  ) {}

  publish: MessageBus['publish'] = (name, payload, opts) => this.inner.publish(name, payload, opts);
  publishEnvelope: MessageBus['publishEnvelope'] = (envelope) => this.inner.publishEnvelope(envelope);

  subscribe<N extends EventName>(consumer: ConsumerOptions<N>, handler: MessageHandler<N>): Promise<Subscription> {
    const queue = `${this.prefix}.${consumer.queue}`;
    this.queues.add(queue);
    return this.inner.subscribe({ ...consumer, queue }, handler);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Deletes what one run declared on the broker: its queues (with their dead-letter queues) and its exchanges. */
export async function deleteRunTopology(url: string, queues: Iterable<string>, exchanges: { exchange: string; deadLetterExchange: string }): Promise<void> {
  const admin = await connect(url);
  try {
    const channel = await admin.createChannel();
    for (const queue of queues) {
      await channel.deleteQueue(queue);
      await channel.deleteQueue(deadLetterQueueName(queue));
    }
    await channel.deleteExchange(exchanges.exchange);
    await channel.deleteExchange(exchanges.deadLetterExchange);
    await channel.close();
  } finally {
    await admin.close();
  }
}
