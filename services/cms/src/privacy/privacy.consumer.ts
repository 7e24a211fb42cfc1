// The answers of the other services: export parts and erasure outcomes, each behind the inbox (one
// effect per message id) and in the company's own tenant scope. A part is opened on arrival with the
// export's private key and checked against its header (request id, service), so only a part that the
// download will be able to open counts towards completion; anything else is acknowledged and dropped
// with a warning — redelivering it could not make it valid.
import { Inject, Injectable } from '@nestjs/common';
import { Events } from '@webinar/contracts';
import { byCompany, LOGGER, OnMessage, type StructuredLogger } from '@webinar/http';
import { type Envelope } from '@webinar/messaging';
import { CryptoError } from '@webinar/security';
import type { EntityManager } from 'typeorm';
import { PersonVault } from '../people/person-vault';
import { recordErasureOutcome } from './erasure-outcomes';
import { ExportPartRejected, openExportPart } from './export-keys';
import { privateKeyField } from './exports.service';
import { PrivacyErasure } from './privacy-erasure.entity';
import { PrivacyExport } from './privacy-export.entity';
import { PrivacyExportPart } from './privacy-export-part.entity';
import { PRIVACY_ERASURES_CONSUMER, PRIVACY_PARTS_CONSUMER } from './privacy.constants';

@Injectable()
export class PrivacyConsumer {
  constructor(
    @Inject(LOGGER) private readonly logger: StructuredLogger,
    private readonly vault: PersonVault,
  ) {}

  @OnMessage(Events.PrivacyExportPart, { queue: PRIVACY_PARTS_CONSUMER, tenant: byCompany })
  async storePart(message: Envelope<typeof Events.PrivacyExportPart>, manager: EntityManager): Promise<void> {
    const { requestId, companyId, service, jwe } = message.payload;
    const context = { exportId: requestId, service, messageId: message.id };
    const row = await manager.findOneBy(PrivacyExport, { id: requestId });
    if (!row || row.deliveredAt !== null || row.privateKeyCipher === null || row.keyKid === null || row.expiresAt.getTime() <= Date.now()) {
      this.logger.info(context, 'export part for no open export ignored');
      return;
    }
    if (!row.expectedServices.includes(service)) {
      this.logger.warn(context, 'export part from a service the export does not expect ignored');
      return;
    }
    const person = { companyId: row.companyId, userId: row.userId };
    try {
      const privateJwk = this.vault.open(person, await this.vault.saltOf(manager, person), privateKeyField(row.id), {
        cipher: row.privateKeyCipher,
        kid: row.keyKid,
      });
      await openExportPart(privateJwk, jwe, { exportId: row.id, service });
    } catch (error) {
      // A key that is gone (erased person, retired master key) cannot come back on redelivery either.
      if (!(error instanceof ExportPartRejected) && !(error instanceof CryptoError)) throw error;
      this.logger.warn({ ...context, reason: error.message }, 'export part rejected');
      return;
    }
    // A service that answers twice (two messages) keeps its first answer.
    await manager.createQueryBuilder().insert().into(PrivacyExportPart).values({ exportId: row.id, service, companyId, jwe }).orIgnore().execute();
    this.logger.info(context, 'export part stored');
  }

  @OnMessage(Events.PrivacyErasureCompleted, { queue: PRIVACY_ERASURES_CONSUMER, tenant: byCompany })
  async recordOutcome(message: Envelope<typeof Events.PrivacyErasureCompleted>, manager: EntityManager): Promise<void> {
    const { requestId, service, outcome } = message.payload;
    const context = { erasureId: requestId, service, outcome, messageId: message.id };
    const erasure = await manager.findOne(PrivacyErasure, { where: { id: requestId }, lock: { mode: 'pessimistic_write' } });
    if (!erasure || !erasure.expectedServices.includes(service)) {
      this.logger.warn(context, 'erasure outcome for no such request or service ignored');
      return;
    }
    const recorded = await recordErasureOutcome(manager, erasure, service, outcome);
    this.logger.info({ ...context, recorded, complete: erasure.completedAt !== null }, 'erasure outcome');
  }
}
