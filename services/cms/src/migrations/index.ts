import { CmsInitial1764201600000 } from './1764201600000-cms-initial';
import { CmsSeminars1764300000000 } from './1764300000000-cms-seminars';
import { CmsAuditLog1764400000000 } from './1764400000000-cms-audit-log';
import { CmsPeople1764530000000 } from './1764530000000-cms-people';
import { CmsOutboxClaimLease1764600000000 } from './1764600000000-cms-outbox-claim-lease';

/** Every committed migration of cms, in order. */
export const cmsMigrations = [CmsInitial1764201600000, CmsSeminars1764300000000, CmsAuditLog1764400000000, CmsPeople1764530000000, CmsOutboxClaimLease1764600000000];
