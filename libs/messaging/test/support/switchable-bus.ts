import { type EventName, type EventPayload } from '@webinar/contracts';
import { type ConsumerOptions, type MessageBus, type MessageHandler, type PublishOptions, type Subscription } from '../../src';

/** Wraps a bus and can make publish() fail, as a broker outage would, without touching the broker. */
export class SwitchableBus implements MessageBus {
  available = true;
  /** When set, only this many more publishes succeed before the outage starts. */
  failAfter: number | undefined;
  readonly published: Array<{ name: EventName; id: string | undefined }> = [];

  constructor(private readonly inner: MessageBus) {}

  async publish<N extends EventName>(name: N, payload: EventPayload<N>, opts?: PublishOptions): Promise<void> {
    if (this.failAfter !== undefined) {
      if (this.failAfter === 0) this.available = false;
      this.failAfter -= 1;
    }
    if (!this.available) throw new Error('broker unreachable (simulated)');
    await this.inner.publish(name, payload, opts);
    this.published.push({ name, id: opts?.id });
  }

  subscribe<N extends EventName>(consumer: ConsumerOptions<N>, handler: MessageHandler<N>): Promise<Subscription> {
    return this.inner.subscribe(consumer, handler);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
