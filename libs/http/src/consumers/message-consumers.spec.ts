// Discovery of @OnMessage declarations: what a service module declares is subscribed once per queue
// and cancelled on shutdown; a declaration that could only fail later stops the start instead.
import { Injectable, Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type EventName, Events } from '@webinar/contracts';
import { type ConsumerOptions, type Envelope, type MessageBus, type Subscription } from '@webinar/messaging';
import { HealthModule } from '@webinar/observability';
import { DATABASE } from '@webinar/persistence';
import { PlatformModule } from '../platform.module';
import { messageConsumersProvider } from './message-consumers';
import { byCompany, OnMessage, type OnMessageOptions } from './on-message';

const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };

/** Records subscriptions; nothing is delivered (no database is needed until a message arrives). */
class RecordingBus implements MessageBus {
  readonly subscribed: Array<{ queue: string; events: readonly EventName[]; deliveryLimit?: number }> = [];
  readonly cancelled: string[] = [];

  async publish(): Promise<void> {}
  async publishEnvelope(): Promise<void> {}
  async ping(): Promise<void> {}
  async close(): Promise<void> {}

  async subscribe<N extends EventName>(consumer: ConsumerOptions<N>): Promise<Subscription> {
    this.subscribed.push({ queue: consumer.queue, events: [...consumer.events].sort(), ...(consumer.deliveryLimit === undefined ? {} : { deliveryLimit: consumer.deliveryLimit }) });
    return { cancel: async () => void this.cancelled.push(consumer.queue) };
  }
}

function serviceModule(name: string, schema: string, consumers: Type[]): DynamicModule {
  @Module({})
  class ServiceModule {}
  Object.defineProperty(ServiceModule, 'name', { value: name });
  return {
    module: ServiceModule,
    providers: [{ provide: DATABASE, useValue: { dataSource: {} } }, ...messageConsumersProvider(schema), ...consumers],
  };
}

async function start(bus: RecordingBus, ...services: DynamicModule[]): Promise<{ close(): Promise<void> }> {
  @Module({ imports: [PlatformModule.forRoot({ logger: silent, bus }), HealthModule.forRoot(), ...services] })
  class RootModule {}
  const app = await NestFactory.createApplicationContext(RootModule, { logger: false, abortOnError: false });
  await app.init();
  return app;
}


@Injectable()
class SeminarFollower {
  @OnMessage(Events.StreamStarted, { queue: 'svc.lifecycle', tenant: byCompany })
  @OnMessage(Events.StreamEnded, { queue: 'svc.lifecycle', tenant: byCompany, deliveryLimit: 3 })
  async follow(_message: Envelope<typeof Events.StreamStarted | typeof Events.StreamEnded>): Promise<void> {}

  @OnMessage(Events.CompanyCreated, { queue: 'svc.companies', tenant: byCompany })
  async learn(_message: Envelope<typeof Events.CompanyCreated>): Promise<void> {}
}

describe('MessageConsumers', () => {
  it('subscribes one consumer per queue with every event declared on it, and cancels them on shutdown', async () => {
    const bus = new RecordingBus();
    const app = await start(bus, serviceModule('Svc', 'svc', [SeminarFollower]));

    expect(bus.subscribed).toEqual([
      { queue: 'svc.lifecycle', events: [Events.StreamEnded, Events.StreamStarted].sort(), deliveryLimit: 3 },
      { queue: 'svc.companies', events: [Events.CompanyCreated] },
    ]);
    await app.close();
    expect(bus.cancelled.sort()).toEqual(['svc.companies', 'svc.lifecycle']);
  });

  it("finds only its own module's handlers when several services share one process", async () => {
    @Injectable()
    class OtherHandler {
      @OnMessage(Events.SeminarLive, { queue: 'other.live', tenant: byCompany })
      async live(_message: Envelope<typeof Events.SeminarLive>): Promise<void> {}
    }
    const bus = new RecordingBus();
    const app = await start(bus, serviceModule('Svc', 'svc', [SeminarFollower]), serviceModule('Other', 'other', [OtherHandler]));

    expect(bus.subscribed.map((s) => s.queue).sort()).toEqual(['other.live', 'svc.companies', 'svc.lifecycle']);
    await app.close();
  });

  it.each([
    [
      'two handlers for one event on one queue',
      'DUPLICATE_HANDLER',
      (): Type => {
        @Injectable()
        class Twice {
          @OnMessage(Events.SeminarLive, { queue: 'svc.live', tenant: byCompany })
          async first(_message: Envelope<typeof Events.SeminarLive>): Promise<void> {}

          @OnMessage(Events.SeminarLive, { queue: 'svc.live', tenant: byCompany })
          async second(_message: Envelope<typeof Events.SeminarLive>): Promise<void> {}
        }
        return Twice;
      },
    ],
    [
      'an event outside the catalogue',
      'UNKNOWN_EVENT',
      (): Type => {
        @Injectable()
        class Unknown {
          @OnMessage('svc.no-such-event.v1' as typeof Events.SeminarLive, { queue: 'svc.unknown', tenant: byCompany })
          async handle(_message: Envelope<typeof Events.SeminarLive>): Promise<void> {}
        }
        return Unknown;
      },
    ],
    [
      'a handler without a tenant resolver',
      'MISSING_TENANT',
      (): Type => {
        @Injectable()
        class Untenanted {
          @OnMessage(Events.SeminarLive, { queue: 'svc.untenanted' } as OnMessageOptions<typeof Events.SeminarLive>)
          async handle(_message: Envelope<typeof Events.SeminarLive>): Promise<void> {}
        }
        return Untenanted;
      },
    ],
    [
      'handlers of one queue that disagree on its delivery limit',
      'CONFLICTING_QUEUE_OPTIONS',
      (): Type => {
        @Injectable()
        class Disagreeing {
          @OnMessage(Events.SeminarLive, { queue: 'svc.shared', tenant: byCompany, deliveryLimit: 1 })
          async live(_message: Envelope<typeof Events.SeminarLive>): Promise<void> {}

          @OnMessage(Events.SeminarEnded, { queue: 'svc.shared', tenant: byCompany, deliveryLimit: 2 })
          async ended(_message: Envelope<typeof Events.SeminarEnded>): Promise<void> {}
        }
        return Disagreeing;
      },
    ],
  ])('refuses to start with %s (%s), before anything subscribes', async (_what, code, declare) => {
    const bus = new RecordingBus();
    await expect(start(bus, serviceModule('Svc', 'svc', [declare()]))).rejects.toMatchObject({ name: 'ConsumerDeclarationError', code });
    expect(bus.subscribed).toEqual([]);
  });
});
