import { randomUUID } from 'node:crypto';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { type EventName, type EventPayload } from '@webinar/contracts';
import { createEnvelope, type Envelope, type PublishOptions } from '../envelope';
import { describeError, MessagingError } from '../errors';
import { validateIncoming } from '../incoming';
import { type Logger } from '../logger';
import {
  resolveConsumer,
  type ConsumerOptions,
  type MessageBus,
  type MessageHandler,
  type ResolvedConsumer,
  type Subscription,
} from '../message-bus';
import { contextForIncoming, runInContext } from '../trace-context';

export interface InProcessBusOptions {
  logger: Logger;
  /** Pause before a failed message is redelivered; grows linearly with the attempt. Default 10 ms. */
  redeliveryDelayMs?: number;
}

/** What the in-process bus stores: the wire form, so handlers never share objects with producers. */
interface StoredMessage {
  id: unknown;
  name: unknown;
  occurredAt: unknown;
  payload: unknown;
  headers: Record<string, string>;
}

export interface DeadLetter {
  queue: string;
  message: StoredMessage;
  reason: string;
  /** How many times a handler saw it (0 when it was refused before reaching one). */
  deliveries: number;
}

interface QueuedMessage {
  message: StoredMessage;
  deliveries: number;
}

interface LocalConsumer {
  spec: ResolvedConsumer<EventName>;
  handler: MessageHandler<EventName>;
  inFlight: number;
  active: boolean;
}

interface LocalQueue {
  name: string;
  deliveryLimit: number;
  bindings: Set<EventName>;
  ready: QueuedMessage[];
  consumers: LocalConsumer[];
  nextConsumer: number;
  pumpScheduled: boolean;
}

/**
 * A MessageBus inside one process, for the standalone deployment and for tests. It mirrors the
 * broker's semantics on purpose (durable queues that outlive subscriptions, one copy per queue,
 * competing consumers, at-least-once with a delivery limit, validation before the handler,
 * asynchronous delivery) so code tested against it behaves the same against RabbitMQ.
 * Messages live in memory only: a process exit loses what was not yet handled.
 */
export class InProcessBus implements MessageBus {
  /** Messages refused or given up on, newest last; also logged. Inspect it in tests. */
  readonly deadLetters: DeadLetter[] = [];

  private readonly logger: Logger;
  private readonly redeliveryDelayMs: number;
  private readonly queues = new Map<string, LocalQueue>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly redeliveryTimers = new Map<NodeJS.Timeout, { queue: LocalQueue; item: QueuedMessage }>();
  private readonly idleWaiters: Array<() => void> = [];
  private state: 'open' | 'draining' | 'closed' = 'open';

  constructor(options: InProcessBusOptions) {
    this.logger = options.logger;
    this.redeliveryDelayMs = options.redeliveryDelayMs ?? 10;
  }

  async publish<N extends EventName>(name: N, payload: EventPayload<N>, opts?: PublishOptions): Promise<void> {
    await this.publishEnvelope(createEnvelope(name, payload, opts));
  }

  async publishEnvelope(envelope: Envelope): Promise<void> {
    this.enqueue(this.toStored(envelope));
  }

  /**
   * Simulates a foreign or buggy producer (tests only): skips publish-side validation so the
   * consumer-side checks can be exercised. Routing still needs a name some queue is bound to.
   */
  async publishUnvalidated(name: string, payload: unknown, opts: PublishOptions = {}): Promise<void> {
    this.enqueue({
      id: opts.id ?? randomUUID(),
      name,
      occurredAt: opts.occurredAt ?? new Date().toISOString(),
      payload: cloneAsJson(payload),
      headers: { ...opts.headers },
    });
  }

  async subscribe<N extends EventName>(options: ConsumerOptions<N>, handler: MessageHandler<N>): Promise<Subscription> {
    if (this.state !== 'open') throw new MessagingError('BUS_CLOSED', 'Bus is closing; cannot subscribe');
    const spec = resolveConsumer(options);
    const queue = this.declareQueue(spec);
    // The queue holds several consumers' handlers; each only ever receives its own event names
    // because deliver() re-checks the name against the consumer's list before calling it.
    const consumer: LocalConsumer = {
      spec,
      handler: handler as MessageHandler<EventName>,
      inFlight: 0,
      active: true,
    };
    queue.consumers.push(consumer);
    this.schedulePump(queue);
    return {
      cancel: async () => {
        consumer.active = false;
        queue.consumers = queue.consumers.filter((c) => c !== consumer);
        await this.waitFor(() => consumer.inFlight === 0);
      },
    };
  }

  async ping(): Promise<void> {
    if (this.state === 'closed') throw new MessagingError('BUS_CLOSED', 'Bus is closed');
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'draining';
    for (const [timer, { queue, item }] of this.redeliveryTimers) {
      clearTimeout(timer);
      queue.ready.unshift(item);
    }
    this.redeliveryTimers.clear();
    // Publishing stays allowed while handlers finish, as it does on the broker connection.
    await Promise.allSettled([...this.inFlight]);
    this.state = 'closed';
    const undelivered = [...this.queues.values()].reduce((sum, queue) => sum + queue.ready.length, 0);
    if (undelivered > 0) {
      this.logger.warn({ undelivered }, 'in-process bus closed with undelivered messages; they are lost');
    }
    this.notifyIdle();
  }

  /**
   * Resolves once every message routed to a queue with a consumer has been handled or
   * dead-lettered, including redeliveries. Lets tests await effects instead of sleeping.
   */
  async waitForIdle(): Promise<void> {
    await this.waitFor(() => this.isIdle());
  }

  private isIdle(): boolean {
    if (this.state === 'closed') return true;
    if (this.inFlight.size > 0 || this.redeliveryTimers.size > 0) return false;
    return [...this.queues.values()].every((queue) => queue.ready.length === 0 || queue.consumers.length === 0);
  }

  private waitFor(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (condition()) resolve();
        else this.idleWaiters.push(check);
      };
      this.idleWaiters.push(check);
    });
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters.splice(0);
    for (const check of waiters) check();
  }

  private declareQueue(spec: ResolvedConsumer<EventName>): LocalQueue {
    const existing = this.queues.get(spec.queue);
    if (existing) {
      if (existing.deliveryLimit !== spec.deliveryLimit) {
        throw new MessagingError(
          'TOPOLOGY_MISMATCH',
          `Queue ${spec.queue} exists with deliveryLimit ${existing.deliveryLimit}, not ${spec.deliveryLimit}`,
        );
      }
      for (const name of spec.events) existing.bindings.add(name);
      return existing;
    }
    const queue: LocalQueue = {
      name: spec.queue,
      deliveryLimit: spec.deliveryLimit,
      bindings: new Set(spec.events),
      ready: [],
      consumers: [],
      nextConsumer: 0,
      pumpScheduled: false,
    };
    this.queues.set(spec.queue, queue);
    return queue;
  }

  private toStored<N extends EventName>(envelope: Envelope<N>): StoredMessage {
    return cloneAsJson(envelope) as StoredMessage;
  }

  private enqueue(message: StoredMessage): void {
    if (this.state === 'closed') throw new MessagingError('BUS_CLOSED', 'Bus is closed');
    for (const queue of this.queues.values()) {
      if (typeof message.name === 'string' && queue.bindings.has(message.name as EventName)) {
        // Each queue gets its own copy, as a topic exchange would give it.
        queue.ready.push({ message: cloneAsJson(message) as StoredMessage, deliveries: 0 });
        this.schedulePump(queue);
      }
    }
  }

  // Delivery always starts from a fresh macrotask: a handler never runs inside publish(), so
  // producer code cannot come to depend on synchronous side effects the broker would not give.
  private schedulePump(queue: LocalQueue): void {
    if (queue.pumpScheduled || this.state !== 'open') return;
    queue.pumpScheduled = true;
    // Bound to the root context: the publisher's context would otherwise leak into every delivery
    // of this pump run by async propagation. Each handler gets the trace its own headers carry.
    setImmediate(
      context.bind(ROOT_CONTEXT, () => {
        queue.pumpScheduled = false;
        this.pump(queue);
      }),
    );
  }

  private pump(queue: LocalQueue): void {
    while (this.state === 'open' && queue.ready.length > 0) {
      const consumer = this.nextFreeConsumer(queue);
      if (!consumer) return;
      const item = queue.ready.shift();
      if (!item) return;
      consumer.inFlight += 1;
      const delivery = this.deliver(queue, consumer, item).finally(() => {
        consumer.inFlight -= 1;
        this.inFlight.delete(delivery);
        this.schedulePump(queue);
        this.notifyIdle();
      });
      this.inFlight.add(delivery);
    }
  }

  private nextFreeConsumer(queue: LocalQueue): LocalConsumer | undefined {
    const count = queue.consumers.length;
    for (let i = 0; i < count; i += 1) {
      const consumer = queue.consumers[(queue.nextConsumer + i) % count];
      if (consumer && consumer.active && consumer.inFlight < consumer.spec.prefetch) {
        queue.nextConsumer = (queue.nextConsumer + i + 1) % count;
        return consumer;
      }
    }
    return undefined;
  }

  private async deliver(queue: LocalQueue, consumer: LocalConsumer, item: QueuedMessage): Promise<void> {
    const incoming = validateIncoming(item.message, consumer.spec.events);
    if (!incoming.ok) {
      this.deadLetter(queue, item, incoming.reason);
      return;
    }
    const { envelope } = incoming;
    item.deliveries += 1;
    try {
      await runInContext(contextForIncoming(envelope.headers, ROOT_CONTEXT), () => consumer.handler(envelope));
    } catch (error) {
      if (item.deliveries > queue.deliveryLimit) {
        this.deadLetter(queue, item, `delivery limit reached: ${describeError(error).message}`);
        return;
      }
      this.logger.warn(
        { queue: queue.name, messageId: envelope.id, event: envelope.name, deliveries: item.deliveries, err: describeError(error) },
        'handler failed; message will be redelivered',
      );
      this.scheduleRedelivery(queue, item);
    }
  }

  private scheduleRedelivery(queue: LocalQueue, item: QueuedMessage): void {
    const timer = setTimeout(() => {
      this.redeliveryTimers.delete(timer);
      queue.ready.unshift(item);
      this.schedulePump(queue);
      this.notifyIdle();
    }, this.redeliveryDelayMs * item.deliveries);
    this.redeliveryTimers.set(timer, { queue, item });
  }

  private deadLetter(queue: LocalQueue, item: QueuedMessage, reason: string): void {
    this.deadLetters.push({ queue: queue.name, message: item.message, reason, deliveries: item.deliveries });
    this.logger.error(
      { queue: queue.name, messageId: item.message.id, event: item.message.name, deliveries: item.deliveries, reason },
      'message dead-lettered',
    );
  }
}

function cloneAsJson(value: unknown): unknown {
  // The round trip mirrors the wire: Dates become strings, undefined fields disappear.
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}
