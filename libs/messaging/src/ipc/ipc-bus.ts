// The child's MessageBus: every call travels to the parent's bus over the IPC channel (ipc-bridge.ts
// is the other end). A publish resolves once the parent's bus has taken the envelope, as the
// in-process bus resolves once queued; a delivery is validated here, handled, and its outcome sent
// back, so redelivery, the delivery limit and dead letters stay the parent bus's business.
import { type EventName, type EventPayload } from '@webinar/contracts';
import { createEnvelope, type Envelope, type PublishOptions } from '../envelope';
import { describeError, MessagingError, type MessagingErrorCode } from '../errors';
import { validateIncoming } from '../incoming';
import type { Logger } from '../logger';
import { resolveConsumer, type ConsumerOptions, type MessageBus, type MessageHandler, type Subscription } from '../message-bus';
import { contextForIncoming, runInContext } from '../trace-context';
import { BUS_FRAME, type ChildFrame, type IpcChannel, isBusFrame, parentFrameSchema } from './ipc-frames';
import { ROOT_CONTEXT } from '@opentelemetry/api';

interface Waiting {
  resolve: () => void;
  reject: (error: Error) => void;
}

interface LocalSubscription {
  events: ReadonlySet<EventName>;
  handler: MessageHandler<EventName>;
  inFlight: Set<Promise<void>>;
}

type ChildRequest = ChildFrame extends infer F ? (F extends { ref: number } ? Omit<F, 'ref' | 'kind'> : never) : never;

export class IpcBus implements MessageBus {
  private nextRef = 0;
  private readonly waiting = new Map<number, Waiting>();
  private readonly subscriptions = new Map<number, LocalSubscription>();
  private closed = false;
  private readonly detach: Array<() => void>;

  constructor(
    private readonly channel: IpcChannel,
    private readonly logger: Logger,
  ) {
    this.detach = [channel.onMessage((value) => this.receive(value)), channel.onClose(() => this.lost())];
  }

  async publish<N extends EventName>(name: N, payload: EventPayload<N>, opts?: PublishOptions): Promise<void> {
    await this.publishEnvelope(createEnvelope(name, payload, opts));
  }

  async publishEnvelope(envelope: Envelope): Promise<void> {
    await this.request({ op: 'publish', envelope });
  }

  async subscribe<N extends EventName>(options: ConsumerOptions<N>, handler: MessageHandler<N>): Promise<Subscription> {
    const spec = resolveConsumer(options);
    const id = this.nextRef++;
    const local: LocalSubscription = { events: spec.events, handler: handler as MessageHandler<EventName>, inFlight: new Set() };
    this.subscriptions.set(id, local);
    try {
      await this.request({
        op: 'subscribe',
        subscription: id,
        consumer: { queue: spec.queue, events: [...spec.events], deliveryLimit: spec.deliveryLimit, prefetch: spec.prefetch },
      });
    } catch (error) {
      this.subscriptions.delete(id);
      throw error;
    }
    return {
      cancel: async () => {
        if (!this.subscriptions.has(id)) return;
        // The parent stops delivering first; what this side is still handling is then awaited.
        await this.request({ op: 'cancel', subscription: id }).catch(() => undefined);
        this.subscriptions.delete(id);
        await Promise.allSettled([...local.inFlight]);
      },
    };
  }

  async ping(): Promise<void> {
    await this.request({ op: 'ping' });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const ids = [...this.subscriptions.keys()];
    await Promise.allSettled(ids.map((id) => this.request({ op: 'cancel', subscription: id })));
    await Promise.allSettled([...this.subscriptions.values()].flatMap((s) => [...s.inFlight]));
    this.subscriptions.clear();
    this.closed = true;
    for (const off of this.detach) off();
  }

  private request(frame: ChildRequest): Promise<void> {
    if (this.closed) return Promise.reject(new MessagingError('BUS_CLOSED', 'Bus is closed'));
    const ref = this.nextRef++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(ref, { resolve, reject });
      try {
        this.channel.send({ ...frame, kind: BUS_FRAME, ref });
      } catch (error) {
        this.waiting.delete(ref);
        reject(new MessagingError('BROKER_UNAVAILABLE', `the parent's bus is unreachable: ${describeError(error).message}`));
      }
    });
  }

  private receive(value: unknown): void {
    if (!isBusFrame(value)) return;
    const parsed = parentFrameSchema.safeParse(value);
    if (!parsed.success) {
      this.logger.error({ reason: parsed.error.message.slice(0, 500) }, 'malformed bus frame from the parent refused');
      return;
    }
    const frame = parsed.data;
    if (frame.op === 'reply') {
      const waiting = this.waiting.get(frame.ref);
      if (!waiting) return;
      this.waiting.delete(frame.ref);
      if (frame.ok) waiting.resolve();
      else waiting.reject(new MessagingError(asCode(frame.code), frame.message ?? 'refused by the parent bus'));
      return;
    }
    const subscription = this.subscriptions.get(frame.subscription);
    if (!subscription) {
      this.settle(frame.delivery, false, 'no such subscription in this process');
      return;
    }
    const work = this.handle(subscription, frame.delivery, frame.message).finally(() => subscription.inFlight.delete(work));
    subscription.inFlight.add(work);
  }

  private async handle(subscription: LocalSubscription, delivery: number, message: ParentMessage): Promise<void> {
    // Validated on arrival with the catalogue's schemas, as every driver does before a handler runs.
    const incoming = validateIncoming(message, subscription.events);
    if (!incoming.ok) {
      this.settle(delivery, false, `refused on arrival: ${incoming.reason}`);
      return;
    }
    try {
      await runInContext(contextForIncoming(incoming.envelope.headers, ROOT_CONTEXT), () => subscription.handler(incoming.envelope));
      this.settle(delivery, true);
    } catch (error) {
      this.settle(delivery, false, describeError(error).message.slice(0, 2000));
    }
  }

  private settle(delivery: number, ok: boolean, reason?: string): void {
    try {
      this.channel.send({ kind: BUS_FRAME, op: 'settled', delivery, ok, ...(reason ? { reason } : {}) });
    } catch {
      // The parent is gone: it redelivers nothing to a dead child, and this process is about to end.
    }
  }

  /** The parent went away: nothing waiting will ever be answered. */
  private lost(): void {
    for (const waiting of this.waiting.values()) waiting.reject(new MessagingError('BROKER_UNAVAILABLE', "the parent's bus went away"));
    this.waiting.clear();
  }
}

type ParentMessage = Parameters<typeof validateIncoming>[0];

const CODES: ReadonlySet<string> = new Set<MessagingErrorCode>([
  'INVALID_PAYLOAD',
  'UNKNOWN_EVENT',
  'INVALID_ENVELOPE',
  'INVALID_CONSUMER',
  'BUS_CLOSED',
  'BROKER_UNAVAILABLE',
  'TOPOLOGY_MISMATCH',
]);

function asCode(code: string | undefined): MessagingErrorCode {
  return code !== undefined && CODES.has(code) ? (code as MessagingErrorCode) : 'BROKER_UNAVAILABLE';
}
