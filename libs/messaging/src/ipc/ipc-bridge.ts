// The parent's end of a bus carried over IPC (ipc-bus.ts is the child's): serves one child's
// publishes and subscriptions from the parent's own bus. When the child dies, its subscriptions are
// cancelled and what it was handling counts as failed, so the parent's bus keeps those messages (and
// whatever arrives meanwhile) in the durable queue for the child that replaces it.
import { eventNames, type EventName } from '@webinar/contracts';
import { describeError, isMessagingError, MessagingError } from '../errors';
import { validateIncoming } from '../incoming';
import type { Logger } from '../logger';
import type { MessageBus, Subscription } from '../message-bus';
import { BUS_FRAME, type ChildFrame, childFrameSchema, type IpcChannel, isBusFrame, type ParentFrame } from './ipc-frames';

const everyEvent: ReadonlySet<EventName> = new Set(eventNames);

interface PendingDelivery {
  resolve: () => void;
  reject: (error: Error) => void;
}

export class IpcBusBridge {
  private readonly subscriptions = new Map<number, Promise<Subscription | undefined>>();
  private readonly deliveries = new Map<number, PendingDelivery>();
  private nextDelivery = 0;
  private closed = false;
  private readonly detach: Array<() => void>;

  constructor(
    private readonly bus: MessageBus,
    private readonly channel: IpcChannel,
    private readonly logger: Logger,
  ) {
    this.detach = [channel.onMessage((value) => void this.receive(value)), channel.onClose(() => void this.close())];
  }

  /** Ends the bridge (the child died or is gone): its subscriptions end, its unsettled deliveries fail. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.detach) off();
    for (const pending of this.deliveries.values()) pending.reject(new Error('the media process went away before it settled the message'));
    this.deliveries.clear();
    const subscriptions = [...this.subscriptions.values()];
    this.subscriptions.clear();
    await Promise.allSettled(subscriptions.map(async (s) => (await s)?.cancel()));
  }

  private async receive(value: unknown): Promise<void> {
    if (this.closed || !isBusFrame(value)) return;
    const parsed = childFrameSchema.safeParse(value);
    if (!parsed.success) {
      this.logger.error({ reason: parsed.error.message.slice(0, 500) }, 'malformed bus frame from the media process refused');
      const ref = (value as { ref?: unknown }).ref;
      if (typeof ref === 'number' && Number.isInteger(ref)) this.reply(ref, { ok: false, code: 'INVALID_ENVELOPE', message: 'malformed frame' });
      return;
    }
    const frame = parsed.data;
    if (frame.op === 'settled') {
      const pending = this.deliveries.get(frame.delivery);
      this.deliveries.delete(frame.delivery);
      if (frame.ok) pending?.resolve();
      else pending?.reject(new Error(frame.reason ?? 'the media process failed to handle the message'));
      return;
    }
    try {
      await this.serve(frame);
      this.reply(frame.ref, { ok: true });
    } catch (error) {
      const described = describeError(error);
      this.reply(frame.ref, { ok: false, code: isMessagingError(error) ? error.code : 'BROKER_UNAVAILABLE', message: described.message.slice(0, 2000) });
    }
  }

  private async serve(frame: Exclude<ChildFrame, { op: 'settled' }>): Promise<void> {
    switch (frame.op) {
      case 'ping':
        return this.bus.ping();
      case 'publish': {
        // The same catalogue schemas as any consumer applies: a bad envelope never enters the parent's bus.
        const incoming = validateIncoming(frame.envelope, everyEvent);
        if (!incoming.ok) throw new MessagingError('INVALID_PAYLOAD', incoming.reason);
        return this.bus.publishEnvelope(incoming.envelope);
      }
      case 'subscribe': {
        const { subscription, consumer } = frame;
        const events = consumer.events as EventName[];
        // resolveConsumer (inside subscribe) refuses unknown names and bad queue names.
        const pending = this.bus
          .subscribe({ ...consumer, events }, (message) => this.deliver(subscription, message))
          .catch((error: unknown) => {
            this.subscriptions.delete(subscription);
            throw error;
          });
        this.subscriptions.set(subscription, pending);
        await pending;
        return;
      }
      case 'cancel': {
        const subscription = this.subscriptions.get(frame.subscription);
        this.subscriptions.delete(frame.subscription);
        await (await subscription)?.cancel();
        return;
      }
    }
  }

  /** One delivery to the child; settles when the child reports its handler's outcome. */
  private deliver(subscription: number, message: Parameters<typeof validateIncoming>[0]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the media process is gone'));
    const delivery = this.nextDelivery++;
    return new Promise<void>((resolve, reject) => {
      this.deliveries.set(delivery, { resolve, reject });
      try {
        this.send({ kind: BUS_FRAME, op: 'deliver', delivery, subscription, message });
      } catch (error) {
        this.deliveries.delete(delivery);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  private reply(ref: number, outcome: { ok: boolean; code?: string; message?: string }): void {
    try {
      this.send({ kind: BUS_FRAME, op: 'reply', ref, ...outcome });
    } catch {
      // The child is gone; close() follows from the channel's close event.
    }
  }

  private send(frame: ParentFrame): void {
    this.channel.send(frame);
  }
}
