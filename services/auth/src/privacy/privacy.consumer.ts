// auth's answers to GDPR requests from cms, each behind the inbox (exactly one effect per message id)
// and in the person's company scope, so a request naming a user of another company finds nobody.
// - privacy.export.requested.v1 → privacy.export.part.v1: the account, sessions and links, encrypted
//   to the export's public key before they are written to the outbox.
// - privacy.erasure.requested.v1 → the account disabled and its address erased, sessions revoked,
//   then privacy.erasure.completed.v1.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Events, PRIVACY_EXPORT_JWE } from '@webinar/contracts';
import { LOGGER, MESSAGE_BUS, type StructuredLogger } from '@webinar/http';
import { idempotentHandler, enqueue, type MessageBus, type Subscription } from '@webinar/messaging';
import { DATABASE, type Database, scopeTransaction } from '@webinar/persistence';
import { sealJsonToPublicKey } from '@webinar/security';
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
export class AuthPrivacyConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly subscriptions: Subscription[] = [];

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: StructuredLogger,
    private readonly emails: EmailProtector,
    private readonly sessions: SessionsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const inbox = { dataSource: this.database.dataSource, schema: AUTH_SCHEMA, logger: this.logger };
    this.subscriptions.push(
      await this.bus.subscribe(
        { queue: AUTH_PRIVACY_EXPORTS_CONSUMER, events: [Events.PrivacyExportRequested] },
        idempotentHandler<typeof Events.PrivacyExportRequested>(
          { ...inbox, consumer: AUTH_PRIVACY_EXPORTS_CONSUMER },
          async ({ id, payload }, manager) => {
            await scopeTransaction(manager, { companyId: payload.companyId });
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
          },
        ),
      ),
      await this.bus.subscribe(
        { queue: AUTH_PRIVACY_ERASURES_CONSUMER, events: [Events.PrivacyErasureRequested] },
        idempotentHandler<typeof Events.PrivacyErasureRequested>(
          { ...inbox, consumer: AUTH_PRIVACY_ERASURES_CONSUMER },
          async ({ id, payload }, manager) => {
            await scopeTransaction(manager, { companyId: payload.companyId });
            const outcome = await eraseAccount(manager, { emails: this.emails, sessions: this.sessions }, payload.userId);
            await enqueue(manager, AUTH_SCHEMA, Events.PrivacyErasureCompleted, {
              requestId: payload.requestId,
              companyId: payload.companyId,
              service: AUTH_PRIVACY_SERVICE,
              outcome,
              completedAt: new Date().toISOString(),
            });
            this.logger.info({ erasureId: payload.requestId, messageId: id, outcome }, 'erasure completed');
          },
        ),
      ),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    for (const subscription of this.subscriptions.splice(0)) await subscription.cancel();
  }
}
