import { outboxClaimLeaseMigration } from '@webinar/messaging';
import { POLLS_SCHEMA } from '../polls.constants';

/** The outbox relay's claim lease: it publishes without holding row locks (see OutboxRelay). */
export const PollsOutboxClaimLease1764600000000 = outboxClaimLeaseMigration(POLLS_SCHEMA, 'PollsOutboxClaimLease1764600000000');
