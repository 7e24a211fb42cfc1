// Providers that every service module with a database wires the same way: the outbox relay that
// publishes its committed messages, and the database's readiness check.
import { type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { type MessageBus, OutboxRelay } from '@webinar/messaging';
import { ReadinessRegistry } from '@webinar/observability';
import { DATABASE, type Database } from '@webinar/persistence';
import type { StructuredLogger } from './nest-logger';
import { LOGGER, MESSAGE_BUS } from './platform.module';

export class OutboxRelayLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(readonly relay: OutboxRelay) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

export function outboxRelayProvider(schema: string): Provider {
  return {
    provide: OutboxRelayLifecycle,
    useFactory: (database: Database, bus: MessageBus, logger: StructuredLogger) =>
      new OutboxRelayLifecycle(new OutboxRelay({ dataSource: database.dataSource, schema, bus, logger })),
    inject: [DATABASE, MESSAGE_BUS, LOGGER],
  };
}

/** Registers "database:<service>" in the readiness checks behind /health/ready. */
export function databaseReadinessProvider(service: string): Provider {
  const token = Symbol(`database-readiness:${service}`);
  return {
    provide: token,
    useFactory: (database: Database, registry: ReadinessRegistry) => {
      registry.register({ name: `database:${service}`, check: () => database.ping() });
      return true;
    },
    inject: [DATABASE, ReadinessRegistry],
  };
}
