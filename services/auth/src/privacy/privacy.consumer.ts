// auth's answers to GDPR requests from cms, each declared behind the inbox (exactly one effect per
// message id) and in the person's company scope, so a request naming a user of another company finds
// nobody.
// - privacy.export.requested.v1 → privacy.export.part.v1: the account, sessions and links, encrypted
//   to the export's public key before they are written to the outbox.
// - privacy.erasure.requested.v1 → the account disabled and its address erased, sessions revoked,
//   then privacy.erasure.completed.v1.
import { Inject, Injectable } from '@nestjs/common';
import { Events, PRIVACY_EXPORT_JWE } from '@webinar/contracts';
import { byCompany, LOGGER, OnMessage, type StructuredLogger } from '@webinar/http';
import { enqueue, type Envelope } from '@webinar/messaging';
import { sealJsonToPublicKey } from '@webinar/security';
import type { EntityManager } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';
import { SessionsService } from '../sessions/sessions.service';
import { EmailProtector } from '../users/email-protector';
import { accountDataOf } from './account-data';
import { eraseAccount } from './erase-account';

/** auth's name in the privacy protocol. */
export const AUTH_PRIVACY_SERVICE = 'auth';
export const AUTH_PRIVACY_EXPORTS_CONSUMER = 'auth.privacy.exports';
export const AUTH_PRIVACY_ERASURES_CONSUMER = 'auth.privacy.erasures';

@Injectable()
export class AuthPrivacyConsumer {
  constructor(
    @Inject(LOGGER) private readonly logger: StructuredLogger,
    private readonly emails: EmailProtector,
    private readonly sessions: SessionsService,
  ) {}

  @OnMessage(Events.PrivacyExportRequested, { queue: AUTH_PRIVACY_EXPORTS_CONSUMER, tenant: byCompany })
  async answerExport({ id, payload }: Envelope<typeof Events.PrivacyExportRequested>, manager: EntityManager): Promise<void> {
    const data = await accountDataOf(manager, this.emails, payload.userId);
    const jwe = await sealJsonToPublicKey(payload.publicKey, { ...PRIVACY_EXPORT_JWE, rid: payload.requestId, svc: AUTH_PRIVACY_SERVICE }, data);
    await enqueue(manager, AUTH_SCHEMA, Events.PrivacyExportPart, {
      requestId: payload.requestId,
      companyId: payload.companyId,
      service: AUTH_PRIVACY_SERVICE,
      jwe,
      answeredAt: new Date().toISOString(),
    });
    this.logger.info({ exportId: payload.requestId, messageId: id, found: data.account !== null }, 'export part sent');
  }

  @OnMessage(Events.PrivacyErasureRequested, { queue: AUTH_PRIVACY_ERASURES_CONSUMER, tenant: byCompany })
  async answerErasure({ id, payload }: Envelope<typeof Events.PrivacyErasureRequested>, manager: EntityManager): Promise<void> {
    const outcome = await eraseAccount(manager, { emails: this.emails, sessions: this.sessions }, payload.userId);
    await enqueue(manager, AUTH_SCHEMA, Events.PrivacyErasureCompleted, {
      requestId: payload.requestId,
      companyId: payload.companyId,
      service: AUTH_PRIVACY_SERVICE,
      outcome,
      completedAt: new Date().toISOString(),
    });
    this.logger.info({ erasureId: payload.requestId, messageId: id, outcome }, 'erasure completed');
  }
}
