// Prospect → customer when cms reports a registration. Runs behind the inbox, so a redelivered
// message has no second effect, and in the registration's company scope. The role change revokes the
// user's access tokens (through the outbox, in the same transaction) so services stop honouring
// tokens that still say "prospect"; the session survives, and the next token it yields carries the
// new role (read from the users row).
import { Inject, Injectable } from '@nestjs/common';
import { Events } from '@webinar/contracts';
import { byCompany, LOGGER, OnMessage, type StructuredLogger } from '@webinar/http';
import { type Envelope } from '@webinar/messaging';
import type { EntityManager } from 'typeorm';
import { AUTH_REGISTRATION_CONSUMER } from '../auth.constants';
import { promoteProspectToCustomer } from './promote-prospect';

@Injectable()
export class RegistrationCreatedConsumer {
  constructor(@Inject(LOGGER) private readonly logger: StructuredLogger) {}

  @OnMessage(Events.RegistrationCreated, { queue: AUTH_REGISTRATION_CONSUMER, tenant: byCompany })
  async apply(message: Envelope<typeof Events.RegistrationCreated>, manager: EntityManager): Promise<void> {
    const { userId, companyId, registrationId } = message.payload;
    const outcome = await promoteProspectToCustomer(manager, { userId, companyId });
    const context = { userId, companyId, registrationId, messageId: message.id, outcome };
    // An unknown user is acked, not retried: redelivery cannot make the user appear, and a
    // poison message would only fill the dead-letter queue.
    if (outcome === 'unknown-user') this.logger.warn(context, 'registration for an unknown user ignored');
    else this.logger.info(context, 'registration applied to global role');
  }
}
