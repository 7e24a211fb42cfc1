// Prospect → customer when cms reports a registration. Runs behind the inbox, so a redelivered
// message has no second effect. The role change revokes the user's access tokens (through the outbox,
// in the same transaction) so services stop honouring tokens that still say "prospect"; the session
// survives, and the next token it yields carries the new role (read from the users row).
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Events } from '@webinar/contracts';
import { LOGGER, MESSAGE_BUS, type StructuredLogger } from '@webinar/http';
import { idempotentHandler, type MessageBus } from '@webinar/messaging';
import { DATABASE, type Database } from '@webinar/persistence';
import { AUTH_REGISTRATION_CONSUMER, AUTH_SCHEMA } from '../auth.constants';
import { promoteProspectToCustomer } from './promote-prospect';

@Injectable()
export class RegistrationCreatedConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: { cancel(): Promise<void> } | undefined;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: StructuredLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const handle = idempotentHandler<typeof Events.RegistrationCreated>(
      { dataSource: this.database.dataSource, schema: AUTH_SCHEMA, consumer: AUTH_REGISTRATION_CONSUMER, logger: this.logger },
      async (message, manager) => {
        const { userId, companyId, registrationId } = message.payload;
        const outcome = await promoteProspectToCustomer(manager, { userId, companyId });
        const context = { userId, companyId, registrationId, messageId: message.id, outcome };
        // An unknown user is acked, not retried: redelivery cannot make the user appear, and a
        // poison message would only fill the dead-letter queue.
        if (outcome === 'unknown-user') this.logger.warn(context, 'registration for an unknown user ignored');
        else this.logger.info(context, 'registration applied to global role');
      },
    );
    this.subscription = await this.bus.subscribe(
      { queue: AUTH_REGISTRATION_CONSUMER, events: [Events.RegistrationCreated] },
      handle,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.cancel();
  }
}
