// "Every request made while elevated is audited" (issue #7), for auth's own routes: each elevated
// request becomes an `auth.elevated-request` record (who, method and route pattern, session,
// outcome). The interception is shared (`@webinar/http`); this class only says where the record goes.
import { Inject, Injectable } from '@nestjs/common';
import { ElevatedRequestAuditInterceptor, type ElevatedRequestOutcome, LOGGER, type StructuredLogger } from '@webinar/http';
import { DATABASE, type Database } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';
import { AUTH_PREFIX } from '../auth.constants';
import { AuthAuditActions, recordAuthEvent } from '../audit/auth-audit';
import { asAuthSystem } from '../system-tx';

@Injectable()
export class AuthElevatedRequestAudit extends ElevatedRequestAuditInterceptor {
  protected readonly prefix = AUTH_PREFIX;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) protected readonly logger: StructuredLogger,
  ) {
    super();
  }

  protected record(identity: AccessIdentity, subject: string, outcome: ElevatedRequestOutcome): Promise<void> {
    return asAuthSystem(this.database, 'elevated-request-audit', (manager) =>
      recordAuthEvent(manager, {
        action: AuthAuditActions.elevatedRequest,
        actorId: identity.userId,
        companyId: null,
        subject,
        details: { sessionId: identity.sessionId, ...outcome },
      }),
    );
  }
}
