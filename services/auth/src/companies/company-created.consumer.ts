// Learns companies from cms. Declared with @OnMessage: the framework runs it behind the inbox (the
// message id is recorded in the same transaction as the insert, so a redelivered message has no
// second effect), in the company's own tenant scope.
import { Inject, Injectable } from '@nestjs/common';
import { Events } from '@webinar/contracts';
import { byCompany, LOGGER, OnMessage, type StructuredLogger } from '@webinar/http';
import { type Envelope } from '@webinar/messaging';
import type { EntityManager } from 'typeorm';
import { AUTH_COMPANY_CONSUMER } from '../auth.constants';
import { KnownCompany } from './known-company.entity';

@Injectable()
export class CompanyCreatedConsumer {
  constructor(@Inject(LOGGER) private readonly logger: StructuredLogger) {}

  @OnMessage(Events.CompanyCreated, { queue: AUTH_COMPANY_CONSUMER, tenant: byCompany })
  async learn(message: Envelope<typeof Events.CompanyCreated>, manager: EntityManager): Promise<void> {
    await manager.insert(KnownCompany, { id: message.payload.companyId, name: message.payload.name });
    this.logger.info({ companyId: message.payload.companyId, messageId: message.id }, 'company learned');
  }
}
