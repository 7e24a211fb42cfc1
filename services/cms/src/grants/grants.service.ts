// Presenter and moderator are rights per seminar, given and withdrawn by the company's admin. Each
// change publishes the user's complete role set for the seminar (cms.grant.changed.v1), so consumers
// converge by replacement whatever order messages arrive in.
import { Inject, Injectable } from '@nestjs/common';
import { Events, isUuid } from '@webinar/contracts';
import { enqueue } from '@webinar/messaging';
import { DATABASE, type Database, withTenant } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import { loadSeminar } from '../seminars/seminar-lookup';
import { SeminarsStore } from '../seminars/seminars-store';
import { companyOf, tenantOf } from '../tenancy/tenant-of';
import { appendAudit } from '../audit/audit-log';
import { type Grant, SEMINAR_ROLES, type SeminarRole } from './grant.entity';
import { GrantsStore } from './grants-store';
import { GrantErrors } from './grant.errors';
import type { GrantView } from './grant.schemas';

function toView(g: Grant): GrantView {
  return { seminarId: g.seminarId, userId: g.userId, role: g.role, createdAt: g.createdAt.toISOString() };
}

function parseGrantTarget(role: string, userId: string): { role: SeminarRole; userId: string } {
  const known = SEMINAR_ROLES.find((r) => r === role);
  if (!known || !isUuid(userId)) throw GrantErrors.notFound();
  return { role: known, userId };
}

@Injectable()
export class GrantsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly seminars: SeminarsStore,
    private readonly grants: GrantsStore,
  ) {}

  async list(identity: AccessIdentity, seminarId: string): Promise<GrantView[]> {
    return withTenant(this.database.dataSource, tenantOf(identity), async (manager) => {
      await loadSeminar(manager, this.seminars, identity, seminarId);
      return (await this.grants.listOf(manager, seminarId)).map(toView);
    });
  }

  /** Idempotent: giving a grant that exists changes nothing and publishes nothing. */
  async give(identity: AccessIdentity, seminarId: string, roleParam: string, userParam: string): Promise<GrantView> {
    const companyId = companyOf(identity);
    return withTenant(this.database.dataSource, { companyId }, async (manager) => {
      const seminar = await loadSeminar(manager, this.seminars, identity, seminarId, { forUpdate: true });
      const { role, userId } = parseGrantTarget(roleParam, userParam);
      const existing = await this.grants.find(manager, { seminarId: seminar.id, userId, role });
      if (existing) return toView(existing);
      const saved = await this.grants.insert(manager, { id: randomUUID(), companyId, seminarId: seminar.id, userId, role });
      await this.announce(manager, identity, seminar.id, userId);
      return toView(saved);
    });
  }

  async withdraw(identity: AccessIdentity, seminarId: string, roleParam: string, userParam: string): Promise<void> {
    const companyId = companyOf(identity);
    await withTenant(this.database.dataSource, { companyId }, async (manager) => {
      const seminar = await loadSeminar(manager, this.seminars, identity, seminarId, { forUpdate: true });
      const { role, userId } = parseGrantTarget(roleParam, userParam);
      if (!(await this.grants.delete(manager, { seminarId: seminar.id, userId, role }))) throw GrantErrors.notFound();
      await this.announce(manager, identity, seminar.id, userId);
    });
  }

  /** The event and the audit record commit with the change. */
  private async announce(manager: EntityManager, admin: AccessIdentity, seminarId: string, userId: string): Promise<void> {
    const companyId = companyOf(admin);
    const roles = await this.grants.rolesOf(manager, seminarId, userId);
    const changedAt = new Date();
    await enqueue(manager, CMS_SCHEMA, Events.GrantChanged, {
      companyId,
      userId,
      seminarId,
      roles,
      changedAt: changedAt.toISOString(),
    });
    await appendAudit(manager, {
      companyId,
      actorId: admin.userId,
      action: 'cms.grant.changed',
      subject: `seminar:${seminarId}`,
      occurredAt: changedAt,
      details: { userId, roles: roles.join(',') || '(none)' },
    });
  }
}
