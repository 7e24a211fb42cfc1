import { type EventName, type EventPayload } from '@webinar/contracts';
import {
  createEnvelope,
  type ConsumerOptions,
  type Envelope,
  type MessageBus,
  type MessageHandler,
  type PublishOptions,
  type Subscription,
} from '../../src';

/** Wraps a bus and can make publish() fail, as a broker outage would, without touching the broker. */
export class SwitchableBus implements MessageBus {
  available = true;
  /** When set, only this many more publishes succeed before the outage starts. */
  failAfter: number | undefined;
  readonly published: Array<{ name: EventName; id: string }> = [];
  /** Publishes started while held wait here, as they would for a broker that does not confirm. */
  private held: Promise<void> | undefined;
  private publishesStarted = 0;

  /**
   * Holds every publish from now on until `release` (resolve: confirmed; reject: failed). `started`
   * resolves once a publish is waiting, i.e. the relay is between its claim and its confirm.
   */
  hold(): { started: () => Promise<void>; release: (outcome?: Error) => void } {
    let release!: (outcome?: Error) => void;
    this.held = new Promise<void>((resolve, reject) => {
      release = (outcome) => (outcome ? reject(outcome) : resolve());
    });
    this.held.catch(() => undefined);
    const before = this.publishesStarted;
    const started = async (): Promise<void> => {
      while (this.publishesStarted === before) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    return { started, release };
  }

  constructor(private readonly inner: MessageBus) {}

  async publish<N extends EventName>(name: N, payload: EventPayload<N>, opts?: PublishOptions): Promise<void> {
    await this.publishEnvelope(createEnvelope(name, payload, opts));
  }

  async publishEnvelope(envelope: Envelope): Promise<void> {
    if (this.failAfter !== undefined) {
      if (this.failAfter === 0) this.available = false;
      this.failAfter -= 1;
    }
    if (!this.available) throw new Error('broker unreachable (simulated)');
    this.publishesStarted += 1;
    if (this.held) await this.held;
    await this.inner.publishEnvelope(envelope);
    this.published.push({ name: envelope.name, id: envelope.id });
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
