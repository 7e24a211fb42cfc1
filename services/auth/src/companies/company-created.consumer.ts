// Learns companies from cms. The handler runs behind the inbox: the message id is recorded in the
// same transaction as the insert, so a redelivered message (consumer crash before ack, broker
// restart) has no second effect.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Events } from '@webinar/contracts';
import { LOGGER, MESSAGE_BUS, type StructuredLogger } from '@webinar/http';
import { idempotentHandler, type MessageBus } from '@webinar/messaging';
import { DATABASE, type Database } from '@webinar/persistence';
import { AUTH_COMPANY_CONSUMER, AUTH_SCHEMA } from '../auth.constants';
import { KnownCompany } from './known-company.entity';

@Injectable()
export class CompanyCreatedConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: { cancel(): Promise<void> } | undefined;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: StructuredLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const handle = idempotentHandler<typeof Events.CompanyCreated>(
      { dataSource: this.database.dataSource, schema: AUTH_SCHEMA, consumer: AUTH_COMPANY_CONSUMER, logger: this.logger },
      async (message, manager) => {
        await manager.insert(KnownCompany, { id: message.payload.companyId, name: message.payload.name });
        this.logger.info({ companyId: message.payload.companyId, messageId: message.id }, 'company learned');
      },
    );
    this.subscription = await this.bus.subscribe(
      { queue: AUTH_COMPANY_CONSUMER, events: [Events.CompanyCreated] },
      handle,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.cancel();
  }
}
