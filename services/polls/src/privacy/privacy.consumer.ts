// polls's answers to GDPR requests, one per request message (behind the inbox). Export: every
// registered part's records (person-data-registry.ts), decrypted, sealed to the export's public key.
// Erasure: every part's erase, then the person's salt is destroyed (crypto-shredding): their answers,
// questions, messages and shown name no longer decrypt anywhere, backups included. Outcome "erased"
// when polls held something of the person's (a salt or a part's rows), "nothing-held" otherwise.
import { Inject, Injectable } from '@nestjs/common';
import { Events, PRIVACY_EXPORT_JWE } from '@webinar/contracts';
import { byCompany, LOGGER, OnMessage, type StructuredLogger } from '@webinar/http';
import { enqueue, type Envelope } from '@webinar/messaging';
import { sealJsonToPublicKey } from '@webinar/security';
import type { EntityManager } from 'typeorm';
import { POLLS_SCHEMA } from '../polls.constants';
import { RoomVault } from '../vault/room-vault';
import { PersonDataRegistry } from './person-data-registry';

export const POLLS_PRIVACY_SERVICE = 'polls';
export const POLLS_PRIVACY_CONSUMER = 'polls.privacy';

/** One queue for both requests: the message's name picks the handler. */
@Injectable()
export class PollsPrivacyConsumer {
  constructor(
    @Inject(LOGGER) private readonly logger: StructuredLogger,
    private readonly registry: PersonDataRegistry,
    private readonly vault: RoomVault,
  ) {}

  @OnMessage(Events.PrivacyExportRequested, { queue: POLLS_PRIVACY_CONSUMER, tenant: byCompany })
  async answerExport(message: Envelope<typeof Events.PrivacyExportRequested>, manager: EntityManager): Promise<void> {
    const { requestId, companyId, userId, publicKey } = message.payload;
    const data = await this.registry.exportOf(manager, { companyId, userId });
    const jwe = await sealJsonToPublicKey(publicKey, { ...PRIVACY_EXPORT_JWE, rid: requestId, svc: POLLS_PRIVACY_SERVICE }, data);
    await enqueue(manager, POLLS_SCHEMA, Events.PrivacyExportPart, {
      requestId,
      companyId,
      service: POLLS_PRIVACY_SERVICE,
      jwe,
      answeredAt: new Date().toISOString(),
    });
    this.answered(message);
  }

  @OnMessage(Events.PrivacyErasureRequested, { queue: POLLS_PRIVACY_CONSUMER, tenant: byCompany })
  async answerErasure(message: Envelope<typeof Events.PrivacyErasureRequested>, manager: EntityManager): Promise<void> {
    const { requestId, companyId, userId } = message.payload;
    const person = { companyId, userId };
    const partsHeld = await this.registry.erase(manager, person);
    const saltHeld = await this.vault.shred(manager, person);
    await enqueue(manager, POLLS_SCHEMA, Events.PrivacyErasureCompleted, {
      requestId,
      companyId,
      service: POLLS_PRIVACY_SERVICE,
      outcome: partsHeld || saltHeld ? 'erased' : 'nothing-held',
      completedAt: new Date().toISOString(),
    });
    this.answered(message);
  }

  private answered(message: Envelope<typeof Events.PrivacyExportRequested | typeof Events.PrivacyErasureRequested>): void {
    this.logger.info({ requestId: message.payload.requestId, messageId: message.id, event: message.name }, 'privacy request answered');
  }
}
