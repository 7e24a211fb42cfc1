// Root may act on any company's data while elevated; every request made so (issue #7: any method,
// successful or refused) leaves a record in the platform audit chain: who, which route, which
// session, the outcome. The interception is shared (`@webinar/http`, registered globally so every
// cms controller, present and future, is covered); this class only appends the record.
import { Inject, Injectable } from '@nestjs/common';
import { ElevatedRequestAuditInterceptor, type ElevatedRequestOutcome, LOGGER, type StructuredLogger } from '@webinar/http';
import { DATABASE, type Database, withTenant } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';
import { CMS_PREFIX } from '../cms.constants';
import { appendAudit } from './audit-log';

export const ELEVATED_REQUEST_ACTION = 'cms.elevated-request';

@Injectable()
export class CmsElevatedRequestAudit extends ElevatedRequestAuditInterceptor {
  protected readonly prefix = CMS_PREFIX;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) protected readonly logger: StructuredLogger,
  ) {
    super();
  }

  protected async record(identity: AccessIdentity, subject: string, outcome: ElevatedRequestOutcome): Promise<void> {
    await withTenant(this.database.dataSource, { root: true, reason: 'audit elevated request' }, (manager) =>
      appendAudit(manager, {
        companyId: null,
        actorId: identity.userId,
        action: ELEVATED_REQUEST_ACTION,
        subject,
        occurredAt: new Date(),
        details: { sessionId: identity.sessionId, ...outcome },
      }),
    );
  }
}
