// What the process gives every service module, whatever shape it runs in: the structured logger and
// the message bus. The composition root (a service's main, or the standalone shape) creates them
// once; modules only inject them, so nothing in a module knows which shape it runs in.
import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { MessageBus } from '@webinar/messaging';
import { ReadinessRegistry } from '@webinar/observability';
import type { StructuredLogger } from './nest-logger';

export const LOGGER = Symbol('LOGGER');
export const MESSAGE_BUS = Symbol('MESSAGE_BUS');
const BUS_READINESS = Symbol('BUS_READINESS');

export interface PlatformDeps {
  logger: StructuredLogger;
  bus: MessageBus;
}

@Global()
@Module({})
export class PlatformModule {
  static forRoot(deps: PlatformDeps): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: LOGGER, useValue: deps.logger },
        { provide: MESSAGE_BUS, useValue: deps.bus },
        {
          // /health/ready answers 200 only while the bus answers too.
          provide: BUS_READINESS,
          useFactory: (registry: ReadinessRegistry) => registry.register({ name: 'bus', check: () => deps.bus.ping() }),
          inject: [ReadinessRegistry],
        },
      ],
      exports: [LOGGER, MESSAGE_BUS],
    };
  }
}
