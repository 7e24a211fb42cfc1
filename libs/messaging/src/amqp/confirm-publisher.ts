import { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { backoffDelay, sleep } from '../backoff';
import { describeError, MessagingError } from '../errors';
import { type Logger } from '../logger';
import { type ConnectionSupervisor } from './connection-supervisor';
import { declareExchanges, type ExchangeNames } from './topology';
import { type EncodedMessage } from './wire-format';

/**
 * Publishes on a confirm channel and resolves only when the broker has taken responsibility for
 * the message. During an outage it waits for the reconnect, retrying until the publish timeout,
 * and then rejects: a caller always learns whether the message is safe, nothing is dropped quietly.
 * A retry after a lost confirm can duplicate a message; it keeps its id, so consumers de-duplicate.
 */
export class ConfirmPublisher {
  private channel: Promise<ConfirmChannel> | undefined;
  private channelConnection: ChannelModel | undefined;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly supervisor: ConnectionSupervisor,
    private readonly exchanges: ExchangeNames,
    private readonly logger: Logger,
  ) {}

  publish(routingKey: string, message: EncodedMessage, timeoutMs: number): Promise<void> {
    const attempt = this.publishUntil(routingKey, message, Date.now() + timeoutMs);
    this.pending.add(attempt);
    const forget = (): void => {
      this.pending.delete(attempt);
    };
    attempt.then(forget, forget);
    return attempt;
  }

  /** Waits until every publish in progress has been confirmed or has failed. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private async publishUntil(routingKey: string, message: EncodedMessage, deadline: number): Promise<void> {
    let lastError: unknown;
    for (let attempt = 0; ; attempt += 1) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      try {
        const connection = await this.supervisor.waitForConnection(deadline);
        const channel = await this.channelFor(connection);
        await confirmedPublish(channel, this.exchanges.events, routingKey, message, deadline - Date.now());
        return;
      } catch (error) {
        if (error instanceof MessagingError && error.code === 'BUS_CLOSED') throw error;
        lastError = error;
        this.logger.warn({ messageId: message.options.messageId, event: routingKey, err: describeError(error) }, 'publish not confirmed; retrying');
        await sleep(Math.min(backoffDelay({ initialMs: 50, maxMs: 1000 }, attempt), Math.max(0, deadline - Date.now())));
      }
    }
    throw new MessagingError('BROKER_UNAVAILABLE', `Broker did not confirm ${routingKey} in time`, { cause: lastError });
  }

  private channelFor(connection: ChannelModel): Promise<ConfirmChannel> {
    if (this.channel && this.channelConnection === connection) return this.channel;
    const opening = this.openChannel(connection);
    this.channel = opening;
    this.channelConnection = connection;
    const forget = (): void => {
      if (this.channel === opening) this.channel = undefined;
    };
    opening.then((channel) => channel.once('close', forget), forget);
    return opening;
  }

  private async openChannel(connection: ChannelModel): Promise<ConfirmChannel> {
    const channel = await connection.createConfirmChannel();
    // A channel error (e.g. the exchange was deleted) closes only this channel; log it and let
    // the next publish open a fresh one.
    channel.on('error', (error: unknown) => this.logger.warn({ err: describeError(error) }, 'publish channel error'));
    await declareExchanges(channel, this.exchanges);
    return channel;
  }
}

function confirmedPublish(
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  message: EncodedMessage,
  timeoutMs: number,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    // A half-open TCP connection never confirms; the heartbeat catches it eventually, the timer sooner.
    const timer = setTimeout(() => reject(new MessagingError('BROKER_UNAVAILABLE', 'Publish confirm timed out')), Math.max(1, timeoutMs));
    try {
      channel.publish(exchange, routingKey, message.content, message.options, (error: unknown) => {
        clearTimeout(timer);
        if (error) reject(error instanceof Error ? error : new Error('Broker refused the message (nack)'));
        else resolve();
      });
    } catch (error) {
      clearTimeout(timer);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
