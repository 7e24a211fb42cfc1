import { randomUUID } from 'node:crypto';
import { type ChannelModel } from 'amqplib';
import { type EventName, type EventPayload } from '@webinar/contracts';
import { type BackoffOptions } from '../backoff';
import { createEnvelope, type Envelope, type PublishOptions } from '../envelope';
import { MessagingError } from '../errors';
import { type Logger } from '../logger';
import { contextForIncoming, runInContext } from '../trace-context';
import {
  resolveConsumer,
  type ConsumerOptions,
  type MessageBus,
  type MessageHandler,
  type Subscription,
} from '../message-bus';
import { AmqpConsumer } from './amqp-consumer';
import { ConfirmPublisher } from './confirm-publisher';
import { ConnectionSupervisor } from './connection-supervisor';
import { declareExchanges, type ExchangeNames } from './topology';
import { encodeEnvelope } from './wire-format';

export const DEFAULT_EVENTS_EXCHANGE = 'webinar.events';
export const DEFAULT_DEAD_LETTER_EXCHANGE = 'webinar.dlx';

export interface AmqpBusOptions {
  url: string;
  /** Topic exchange for all events. Default 'webinar.events'. */
  exchange?: string;
  /** Exchange that routes dead letters to `<queue>.dlq`. Default 'webinar.dlx'. */
  deadLetterExchange?: string;
  logger: Logger;
  /** Backoff between reconnect attempts. Default 200 ms doubling up to 30 s. */
  reconnect?: BackoffOptions;
  /** How long publish() waits for a confirm, including an outage, before rejecting. Default 10 s. */
  publishTimeoutMs?: number;
  /** How long connect() keeps trying to reach the broker at startup. Default 15 s. */
  connectTimeoutMs?: number;
  /** Pause before a failed message is requeued; grows with each delivery. Default 100 ms up to 2 s. */
  redeliveryDelay?: BackoffOptions;
  /** Shown in the broker's connection list (e.g. the service name). */
  connectionName?: string;
  /** Default 15 s, so a dead peer is noticed well before the kernel's TCP timeout. */
  heartbeatSeconds?: number;
}

/** MessageBus on RabbitMQ: durable topic exchange, quorum queues, confirms, manual acks. */
export class AmqpBus implements MessageBus {
  private readonly consumers = new Set<AmqpConsumer>();
  private state: 'open' | 'draining' | 'closed' = 'open';

  private constructor(
    private readonly supervisor: ConnectionSupervisor,
    private readonly publisher: ConfirmPublisher,
    private readonly exchanges: ExchangeNames,
    private readonly options: Required<Pick<AmqpBusOptions, 'publishTimeoutMs' | 'reconnect' | 'redeliveryDelay'>> & { logger: Logger },
  ) {}

  static async connect(options: AmqpBusOptions): Promise<AmqpBus> {
    const exchanges: ExchangeNames = {
      events: options.exchange ?? DEFAULT_EVENTS_EXCHANGE,
      deadLetters: options.deadLetterExchange ?? DEFAULT_DEAD_LETTER_EXCHANGE,
    };
    const reconnect = options.reconnect ?? { initialMs: 200, maxMs: 30_000 };
    const supervisor: ConnectionSupervisor = new ConnectionSupervisor({
      url: options.url,
      logger: options.logger,
      reconnect,
      connectionName: options.connectionName ?? `webinar-${randomUUID()}`,
      heartbeatSeconds: options.heartbeatSeconds ?? 15,
      // Runs only from start() below, after `bus` exists: the two need each other.
      onConnected: (connection): Promise<void> => bus.onConnected(connection),
    });
    const bus: AmqpBus = new AmqpBus(supervisor, new ConfirmPublisher(supervisor, exchanges, options.logger), exchanges, {
      logger: options.logger,
      reconnect,
      publishTimeoutMs: options.publishTimeoutMs ?? 10_000,
      redeliveryDelay: options.redeliveryDelay ?? { initialMs: 100, maxMs: 2_000 },
    });
    try {
      await supervisor.start(options.connectTimeoutMs ?? 15_000);
    } catch (error) {
      await supervisor.close();
      throw error;
    }
    return bus;
  }

  async publish<N extends EventName>(name: N, payload: EventPayload<N>, opts?: PublishOptions): Promise<void> {
    await this.publishEnvelope(createEnvelope(name, payload, opts));
  }

  async publishEnvelope(envelope: Envelope): Promise<void> {
    if (this.state === 'closed') throw new MessagingError('BUS_CLOSED', 'Bus is closed');
    // Publish inside the envelope's own trace: the outbox relay publishes from a timer, and the
    // amqplib instrumentation (when loaded) would otherwise start a fresh trace and overwrite the
    // traceparent captured when the event was enqueued.
    await runInContext(contextForIncoming(envelope.headers), () =>
      this.publisher.publish(envelope.name, encodeEnvelope(envelope), this.options.publishTimeoutMs),
    );
  }

  async subscribe<N extends EventName>(options: ConsumerOptions<N>, handler: MessageHandler<N>): Promise<Subscription> {
    if (this.state !== 'open') throw new MessagingError('BUS_CLOSED', 'Bus is closing; cannot subscribe');
    const spec = resolveConsumer(options);
    // Variance only: validateIncoming hands this handler nothing but the names in `spec.events`.
    const consumer = new AmqpConsumer(spec, handler as MessageHandler<EventName>, {
      exchanges: this.exchanges,
      logger: this.options.logger,
      currentConnection: () => this.supervisor.current(),
      reattach: this.options.reconnect,
      redeliveryDelay: this.options.redeliveryDelay,
    });
    const connection = await this.supervisor.waitForConnection(Date.now() + this.options.publishTimeoutMs);
    this.consumers.add(consumer);
    try {
      await consumer.ensureAttached(connection);
    } catch (error) {
      this.consumers.delete(consumer);
      await consumer.cancel();
      throw error;
    }
    return {
      cancel: async () => {
        this.consumers.delete(consumer);
        await consumer.cancel();
      },
    };
  }

  async ping(): Promise<void> {
    if (this.state === 'closed') throw new MessagingError('BUS_CLOSED', 'Bus is closed');
    if (!this.supervisor.current()) throw new MessagingError('BROKER_UNAVAILABLE', 'Not connected to the message broker');
  }

  async close(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'draining';
    // Handlers finishing now may still publish (their follow-up events must not be lost).
    await Promise.allSettled([...this.consumers].map((consumer) => consumer.cancel()));
    this.consumers.clear();
    this.state = 'closed';
    await this.publisher.drain();
    await this.supervisor.close();
  }

  private async onConnected(connection: ChannelModel): Promise<void> {
    await declareOn(connection, this.exchanges);
    // A consumer that cannot resume (e.g. its queue was redeclared differently) retries on its
    // own; it must not keep the connection, and every other consumer, from coming back.
    await Promise.all([...this.consumers].map((consumer) => consumer.resume(connection)));
  }
}

async function declareOn(connection: ChannelModel, exchanges: ExchangeNames): Promise<void> {
  const channel = await connection.createChannel();
  try {
    await declareExchanges(channel, exchanges);
  } finally {
    await channel.close().catch(() => undefined);
  }
}
