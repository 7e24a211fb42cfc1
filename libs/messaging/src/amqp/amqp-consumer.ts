import { context, type Context } from '@opentelemetry/api';
import { crashBeforeAckIfInjected } from './fault-injection';
import { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { type EventName } from '@webinar/contracts';
import { backoffDelay, sleep, type BackoffOptions } from '../backoff';
import { describeError, MessagingError } from '../errors';
import { validateIncoming } from '../incoming';
import { type Logger } from '../logger';
import { type MessageHandler, type ResolvedConsumer } from '../message-bus';
import { contextForIncoming, runInContext } from '../trace-context';
import { declareConsumerTopology, type ExchangeNames } from './topology';
import { decodeDelivery, previousDeliveries } from './wire-format';

export interface AmqpConsumerDeps {
  exchanges: ExchangeNames;
  logger: Logger;
  /** The live connection, if any; used when this consumer re-attaches on its own. */
  currentConnection: () => ChannelModel | undefined;
  reattach: BackoffOptions;
  /** Pause before requeueing a failed message, so a transient fault is not retried in a hot loop. */
  redeliveryDelay: BackoffOptions;
}

interface Attachment {
  connection: ChannelModel;
  channel: Channel;
  consumerTag: string;
}

/**
 * One subscription on its own channel (so its prefetch is its own and a channel error stays
 * local). Re-attaches after a reconnect, after its channel dies, and after the broker cancels it
 * (queue deleted, node failover), re-declaring its queue each time.
 */
export class AmqpConsumer {
  private attachment: Attachment | undefined;
  private attaching: Promise<void> | undefined;
  private reattachTimer: NodeJS.Timeout | undefined;
  private reattachAttempt = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private cancelled = false;

  constructor(
    private readonly spec: ResolvedConsumer<EventName>,
    private readonly handler: MessageHandler<EventName>,
    private readonly deps: AmqpConsumerDeps,
  ) {}

  get queue(): string {
    return this.spec.queue;
  }

  /** Makes sure this consumer consumes on `connection`; concurrent calls share one attempt. */
  async ensureAttached(connection: ChannelModel): Promise<void> {
    while (!this.cancelled && this.attachment?.connection !== connection) {
      if (this.attaching) {
        await this.attaching.catch(() => undefined);
        continue;
      }
      const attempt = this.attach(connection);
      this.attaching = attempt;
      try {
        await attempt;
      } finally {
        this.attaching = undefined;
      }
    }
  }

  /** Attaches after a reconnect; on failure logs and keeps retrying in the background. */
  async resume(connection: ChannelModel): Promise<void> {
    try {
      await this.ensureAttached(connection);
    } catch (error) {
      this.deps.logger.error({ queue: this.queue, err: describeError(error) }, 'cannot resume consumer; retrying');
      this.scheduleReattach();
    }
  }

  /** Stops deliveries, waits for handlers in progress to ack or nack, then closes the channel. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    if (this.reattachTimer) clearTimeout(this.reattachTimer);
    await this.attaching?.catch(() => undefined);
    const attachment = this.attachment;
    if (attachment) {
      await attachment.channel.cancel(attachment.consumerTag).catch(() => undefined);
    }
    await Promise.allSettled([...this.inFlight]);
    this.attachment = undefined;
    if (attachment) await attachment.channel.close().catch(() => undefined);
  }

  private async attach(connection: ChannelModel): Promise<void> {
    const channel = await connection.createChannel();
    channel.on('error', (error: unknown) => this.deps.logger.warn({ queue: this.queue, err: describeError(error) }, 'consumer channel error'));
    try {
      await declareConsumerTopology(channel, this.spec, this.deps.exchanges);
      await channel.prefetch(this.spec.prefetch);
      const { consumerTag } = await channel.consume(this.queue, (message) => this.onMessage(channel, message), { noAck: false });
      if (this.cancelled) {
        await channel.close().catch(() => undefined);
        return;
      }
      this.attachment = { connection, channel, consumerTag };
      this.reattachAttempt = 0;
      channel.once('close', () => this.onChannelClosed(channel));
    } catch (error) {
      await channel.close().catch(() => undefined);
      throw translateDeclareError(error, this.queue);
    }
  }

  private onChannelClosed(channel: Channel): void {
    if (this.attachment?.channel !== channel) return;
    this.attachment = undefined;
    this.scheduleReattach();
  }

  // When the whole connection dropped, the bus re-attaches every consumer once it is back; this
  // timer covers the cases where only this consumer lost its channel or was cancelled.
  private scheduleReattach(): void {
    if (this.cancelled || this.reattachTimer) return;
    const delay = backoffDelay(this.deps.reattach, this.reattachAttempt);
    this.reattachAttempt += 1;
    this.reattachTimer = setTimeout(() => {
      this.reattachTimer = undefined;
      const connection = this.deps.currentConnection();
      if (!connection || this.cancelled) return;
      void this.resume(connection);
    }, delay);
  }

  private onMessage(channel: Channel, message: ConsumeMessage | null): void {
    // amqplib passes null when the broker cancelled the consumer (queue deleted, failover).
    if (message === null) {
      this.deps.logger.warn({ queue: this.queue }, 'broker cancelled consumer; re-subscribing');
      if (this.attachment?.channel === channel) {
        this.attachment = undefined;
        void channel.close().catch(() => undefined);
        this.scheduleReattach();
      }
      return;
    }
    // Captured now: with the amqplib instrumentation this callback runs inside its consumer span.
    const active = context.active();
    const task = this.handle(channel, message, active).catch((error: unknown) => {
      this.deps.logger.error({ queue: this.queue, err: describeError(error) }, 'unexpected failure while handling a message');
    });
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }

  private async handle(channel: Channel, message: ConsumeMessage, active: Context): Promise<void> {
    const decoded = decodeDelivery(message);
    const incoming = decoded.ok ? validateIncoming(decoded.raw, this.spec.events) : decoded;
    if (!incoming.ok) {
      this.deps.logger.warn(
        { queue: this.queue, messageId: safeId(message.properties.messageId), event: safeId(message.properties.type), reason: incoming.reason },
        'rejecting invalid message to the dead-letter queue',
      );
      settle(channel, message, 'reject', this.deps.logger);
      return;
    }
    const { envelope } = incoming;
    try {
      await runInContext(contextForIncoming(envelope.headers, active), () => this.handler(envelope));
    } catch (error) {
      const previous = previousDeliveries(message);
      const lastAttempt = previous >= this.spec.deliveryLimit;
      this.deps.logger.warn(
        { queue: this.queue, messageId: envelope.id, event: envelope.name, delivery: previous + 1, deliveryLimit: this.spec.deliveryLimit, err: describeError(error) },
        lastAttempt ? 'handler failed on its last delivery; broker will dead-letter it' : 'handler failed; requeueing for redelivery',
      );
      if (!this.cancelled && !lastAttempt) await sleep(backoffDelay(this.deps.redeliveryDelay, previous));
      settle(channel, message, 'requeue', this.deps.logger);
      return;
    }
    crashBeforeAckIfInjected();
    settle(channel, message, 'ack', this.deps.logger);
  }
}

function settle(channel: Channel, message: ConsumeMessage, outcome: 'ack' | 'requeue' | 'reject', logger: Logger): void {
  try {
    if (outcome === 'ack') channel.ack(message);
    // requeue=false makes the broker dead-letter the message to this queue's DLQ.
    else channel.nack(message, false, outcome === 'requeue');
  } catch (error) {
    // The channel died under us; the broker requeues unacknowledged messages by itself.
    logger.warn({ outcome, err: describeError(error) }, 'could not settle message; broker will redeliver it');
  }
}

function safeId(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, 100) : undefined;
}

function translateDeclareError(error: unknown, queue: string): unknown {
  const message = error instanceof Error ? error.message : '';
  if (message.includes('PRECONDITION_FAILED') && message.includes('inequivalent arg')) {
    return new MessagingError('TOPOLOGY_MISMATCH', `Queue ${queue} exists with different settings: ${message}`, { cause: error });
  }
  return error;
}
