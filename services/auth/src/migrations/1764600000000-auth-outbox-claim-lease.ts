import { outboxClaimLeaseMigration } from '@webinar/messaging';
import { AUTH_SCHEMA } from '../auth.constants';

/** The outbox relay's claim lease: it publishes without holding row locks (see OutboxRelay). */
export const AuthOutboxClaimLease1764600000000 = outboxClaimLeaseMigration(AUTH_SCHEMA, 'AuthOutboxClaimLease1764600000000');
