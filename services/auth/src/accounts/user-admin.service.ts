// Account administration by admins (own company, enforced by row-level security) and root.
import { Inject, Injectable } from '@nestjs/common';
import { Events } from '@webinar/contracts';
import { LOGGER, type StructuredLogger } from '@webinar/http';
import { enqueue } from '@webinar/messaging';
import { DATABASE, type Database, type TenantContext, withTenant } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';
import { AUTH_SCHEMA } from '../auth.constants';
import { AuthAuditActions, recordAuthEvent } from '../audit/auth-audit';
import { UserNotFound } from '../errors';
import { SessionsService } from '../sessions/sessions.service';
import { UsersStore } from '../users/users-store';

function tenantOf(identity: AccessIdentity): TenantContext {
  if (identity.role === 'root') return { root: true, reason: 'auth:user-admin' };
  return { companyId: identity.companyId ?? '00000000-0000-0000-0000-000000000000' };
}

@Injectable()
export class UserAdminService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: StructuredLogger,
    private readonly sessions: SessionsService,
    private readonly users: UsersStore,
  ) {}

  async disable(actor: AccessIdentity, userId: string): Promise<void> {
    const revoked = await withTenant(this.database.dataSource, tenantOf(actor), async (manager) => {
      const user = await this.users.findById(manager, userId);
      // An admin may not disable root or another company's user (RLS already hides the latter).
      if (!user || (user.role === 'root' && actor.role !== 'root')) throw new UserNotFound();
      await this.users.setStatus(manager, userId, 'disabled');
      const audit = { actorId: actor.userId, companyId: user.companyId, reason: 'account disabled' };
      const sessions = await this.sessions.revokeAllOf(manager, userId, audit);
      await enqueue(manager, AUTH_SCHEMA, Events.UserRevoked, {
        userId,
        companyId: user.companyId,
        revokedAt: new Date().toISOString(),
        reason: 'account disabled',
      });
      await recordAuthEvent(manager, {
        action: AuthAuditActions.userDisabled,
        actorId: actor.userId,
        companyId: user.companyId,
        subject: `user:${userId}`,
        details: { sessionsRevoked: sessions },
      });
      return sessions;
    });
    this.logger.info({ userId, actorId: actor.userId, sessionsRevoked: revoked }, 'user disabled');
  }
}
