import { AmqpBus, type AmqpBusOptions } from './amqp/amqp-bus';
import { InProcessBus } from './in-process/in-process-bus';
import { type Logger } from './logger';
import { type MessageBus } from './message-bus';

export interface CreateBusOptions {
  /** With a URL the bus talks to RabbitMQ; without one (standalone mode, tests) it stays in-process. */
  amqpUrl?: string;
  logger: Logger;
  /** Extra AMQP settings (exchange names, timeouts, connection name); ignored in-process. */
  amqp?: Omit<AmqpBusOptions, 'url' | 'logger'>;
}

export async function createBus(opts: CreateBusOptions): Promise<MessageBus> {
  if (opts.amqpUrl) return AmqpBus.connect({ ...opts.amqp, url: opts.amqpUrl, logger: opts.logger });
  opts.logger.info({ driver: 'in-process' }, 'no broker URL configured; using the in-process message bus');
  return new InProcessBus({ logger: opts.logger });
}
