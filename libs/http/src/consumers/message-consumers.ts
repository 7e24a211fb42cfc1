// Subscribes the `@OnMessage` handlers of one service module and cancels them on shutdown. One
// instance per service module (`messageConsumersProvider(schema)`): it discovers the providers of
// its own module only, so in the standalone shape each service's handlers use that service's
// database, schema and inbox.
import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit, type Provider } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { type EventName } from '@webinar/contracts';
import { type Envelope, idempotentHandler, type MessageBus, type Subscription } from '@webinar/messaging';
import { DATABASE, type Database } from '@webinar/persistence';
import type { StructuredLogger } from '../nest-logger';
import { LOGGER, MESSAGE_BUS } from '../platform.module';
import { ConsumerDeclarationError, type DeclaredHandler, type PlannedHandler, planQueues, type QueuePlan } from './consumer-plan';
import { declaredHandlers } from './on-message';

const CONSUMER_SCHEMA = Symbol('CONSUMER_SCHEMA');

/** The parts of Nest's InstanceWrapper read here. */
interface ProviderWrapper {
  instance: unknown;
  isDependencyTreeStatic(): boolean;
}

@Injectable()
export class MessageConsumers implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private plans: QueuePlan[] = [];
  private subscriptions: Subscription[] = [];

  constructor(
    @Inject(CONSUMER_SCHEMA) private readonly schema: string,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: StructuredLogger,
    private readonly modules: ModulesContainer,
  ) {}

  /** Declarations are checked before anything subscribes: a bad one stops the start. */
  onModuleInit(): void {
    this.plans = planQueues(this.handlersOfMyModule());
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const plan of this.plans) {
      const { queue, deliveryLimit, prefetch } = plan;
      const events = [...plan.handlers.keys()];
      const options = { queue, events, ...(deliveryLimit === undefined ? {} : { deliveryLimit }), ...(prefetch === undefined ? {} : { prefetch }) };
      this.subscriptions.push(await this.bus.subscribe(options, this.dispatcher(plan)));
    }
  }

  /** Before any module's shutdown hook closes the database: in-flight handlers finish first. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((subscription) => subscription.cancel()));
  }

  /** One inbox per queue; the message's name picks the handler and its tenant. */
  private dispatcher(plan: QueuePlan): (message: Envelope<EventName>) => Promise<void> {
    return idempotentHandler<EventName>(
      {
        dataSource: this.database.dataSource,
        schema: this.schema,
        consumer: plan.queue,
        logger: this.logger,
        // The bus delivers only the subscribed names, so the lookup always finds a handler; its tenant
        // resolver was declared for exactly this event's payload.
        tenant: (message) => this.handlerFor(plan, message).tenant(message.payload as never),
      },
      (message, manager) => this.handlerFor(plan, message).invoke(message, manager),
    );
  }

  private handlerFor(plan: QueuePlan, message: Envelope<EventName>): PlannedHandler {
    const handler = plan.handlers.get(message.name);
    if (!handler) throw new ConsumerDeclarationError('INVALID_HANDLER', `No handler for ${message.name} on queue ${plan.queue}`);
    return handler;
  }

  private handlersOfMyModule(): DeclaredHandler[] {
    const providers = [...this.modules.values()]
      .map((module) => [...module.providers.values()] as ProviderWrapper[])
      .find((wrappers) => wrappers.some((wrapper) => wrapper.instance === this));
    const handlers: DeclaredHandler[] = [];
    for (const wrapper of providers ?? []) {
      const owner = wrapper.instance;
      if (typeof owner !== 'object' || owner === null) continue;
      const declarations = declaredHandlers(owner.constructor);
      if (declarations.length === 0) continue;
      if (!wrapper.isDependencyTreeStatic()) {
        throw new ConsumerDeclarationError('INVALID_HANDLER', `${owner.constructor.name} declares message handlers but is not a singleton provider`);
      }
      for (const declaration of declarations) handlers.push({ owner, className: owner.constructor.name, declaration });
    }
    return handlers;
  }
}

/**
 * Add to a service module's providers (the module also provides DATABASE): subscribes the
 * `@OnMessage` handlers of that module's providers, each behind the inbox of `schema`.
 */
export function messageConsumersProvider(schema: string): Provider[] {
  return [{ provide: CONSUMER_SCHEMA, useValue: schema }, MessageConsumers];
}
