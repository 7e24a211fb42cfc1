// polls' answers to GDPR requests. polls holds nothing about people yet (no polls exist), but it is a
// party to the protocol — cms waits for every expected service — so it answers every request: an
// empty export part (encrypted like any other) and "nothing-held" for an erasure. Once answers are
// stored, they will be encrypted per person (HKDF from a tenant key and a per-person salt) and an
// erasure will destroy that salt here. Both behind the inbox: one answer per request message.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Events, PRIVACY_EXPORT_JWE } from '@webinar/contracts';
import { LOGGER, MESSAGE_BUS, type StructuredLogger } from '@webinar/http';
import { enqueue, idempotentHandler, type MessageBus, type Subscription } from '@webinar/messaging';
import { DATABASE, type Database } from '@webinar/persistence';
import { sealJsonToPublicKey } from '@webinar/security';
import { POLLS_SCHEMA } from '../polls.constants';

export const POLLS_PRIVACY_SERVICE = 'polls';
export const POLLS_PRIVACY_CONSUMER = 'polls.privacy';

/** What polls holds about a person today. */
export interface PollsPersonData {
  answers: never[];
}

@Injectable()
export class PollsPrivacyConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: Subscription | undefined;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: StructuredLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.bus.subscribe(
      { queue: POLLS_PRIVACY_CONSUMER, events: [Events.PrivacyExportRequested, Events.PrivacyErasureRequested] },
      idempotentHandler<typeof Events.PrivacyExportRequested | typeof Events.PrivacyErasureRequested>(
        { dataSource: this.database.dataSource, schema: POLLS_SCHEMA, consumer: POLLS_PRIVACY_CONSUMER, logger: this.logger },
        async (message, manager) => {
          const { requestId, companyId } = message.payload;
          if ('publicKey' in message.payload) {
            const data: PollsPersonData = { answers: [] };
            const jwe = await sealJsonToPublicKey(message.payload.publicKey, { ...PRIVACY_EXPORT_JWE, rid: requestId, svc: POLLS_PRIVACY_SERVICE }, data);
            await enqueue(manager, POLLS_SCHEMA, Events.PrivacyExportPart, {
              requestId,
              companyId,
              service: POLLS_PRIVACY_SERVICE,
              jwe,
              answeredAt: new Date().toISOString(),
            });
          } else {
            await enqueue(manager, POLLS_SCHEMA, Events.PrivacyErasureCompleted, {
              requestId,
              companyId,
              service: POLLS_PRIVACY_SERVICE,
              outcome: 'nothing-held',
              completedAt: new Date().toISOString(),
            });
          }
          this.logger.info({ requestId, messageId: message.id, event: message.name }, 'privacy request answered');
        },
      ),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.cancel();
  }
}
