import { outboxClaimLeaseMigration } from '@webinar/messaging';
import { CMS_SCHEMA } from '../cms.constants';

/** The outbox relay's claim lease: it publishes without holding row locks (see OutboxRelay). */
export const CmsOutboxClaimLease1764600000000 = outboxClaimLeaseMigration(CMS_SCHEMA, 'CmsOutboxClaimLease1764600000000');
