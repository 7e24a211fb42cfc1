// polls' answers to GDPR requests. polls holds nothing about people yet (no polls exist), but it is a
// party to the protocol — cms waits for every expected service — so it answers every request: an
// empty export part (encrypted like any other) and "nothing-held" for an erasure. Once answers are
// stored, they will be encrypted per person (HKDF from a tenant key and a per-person salt) and an
// erasure will destroy that salt here. Both behind the inbox: one answer per request message.
import { Inject, Injectable } from '@nestjs/common';
import { Events, PRIVACY_EXPORT_JWE } from '@webinar/contracts';
import { byCompany, LOGGER, OnMessage, type StructuredLogger } from '@webinar/http';
import { enqueue, type Envelope } from '@webinar/messaging';
import { sealJsonToPublicKey } from '@webinar/security';
import type { EntityManager } from 'typeorm';
import { POLLS_SCHEMA } from '../polls.constants';

export const POLLS_PRIVACY_SERVICE = 'polls';
export const POLLS_PRIVACY_CONSUMER = 'polls.privacy';

/** What polls holds about a person today. */
export interface PollsPersonData {
  answers: never[];
}

/** One queue for both requests: the message's name picks the handler. */
@Injectable()
export class PollsPrivacyConsumer {
  constructor(@Inject(LOGGER) private readonly logger: StructuredLogger) {}

  @OnMessage(Events.PrivacyExportRequested, { queue: POLLS_PRIVACY_CONSUMER, tenant: byCompany })
  async answerExport(message: Envelope<typeof Events.PrivacyExportRequested>, manager: EntityManager): Promise<void> {
    const { requestId, companyId, publicKey } = message.payload;
    const data: PollsPersonData = { answers: [] };
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
    const { requestId, companyId } = message.payload;
    await enqueue(manager, POLLS_SCHEMA, Events.PrivacyErasureCompleted, {
      requestId,
      companyId,
      service: POLLS_PRIVACY_SERVICE,
      outcome: 'nothing-held',
      completedAt: new Date().toISOString(),
    });
    this.answered(message);
  }

  private answered(message: Envelope<typeof Events.PrivacyExportRequested | typeof Events.PrivacyErasureRequested>): void {
    this.logger.info({ requestId: message.payload.requestId, messageId: message.id, event: message.name }, 'privacy request answered');
  }
}
