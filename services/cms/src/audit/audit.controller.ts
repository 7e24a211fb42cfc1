import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HttpErrors, QuerySchema, Refuses, Responds } from '@webinar/http';
import { withTenant, DATABASE, type Database } from '@webinar/persistence';
import { type AccessIdentity, CurrentIdentity, RequireRoles } from '@webinar/security';
import { Inject } from '@nestjs/common';
import { z } from 'zod';
import { CMS_PREFIX } from '../cms.constants';
import { type AuditEntryView, auditEntryView, type AuditQuery, auditQuery } from './audit.schemas';
import { TenancyErrors } from '../tenancy/tenancy.errors';
import { tenantOf } from '../tenancy/tenant-of';
import { AuditLogStore } from './audit-log-store';

/** An admin reads their company's chain; elevated root reads every chain (row-level security decides). */
@ApiTags('audit')
@Controller(`${CMS_PREFIX}/audit`)
export class AuditController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly store: AuditLogStore,
  ) {}

  @Get()
  @RequireRoles('root', 'admin')
  @QuerySchema(auditQuery)
  @Responds(200, z.array(auditEntryView))
  @Refuses(HttpErrors.elevationRequired, TenancyErrors.noCompany)
  async list(@CurrentIdentity() identity: AccessIdentity, @Query() query: AuditQuery): Promise<AuditEntryView[]> {
    const rows = await withTenant(this.database.dataSource, tenantOf(identity), (manager) =>
      this.store.newest(manager, query.limit),
    );
    return rows.map((r) => ({
      id: r.id,
      chain: r.companyId,
      seq: r.seq,
      occurredAt: r.occurredAt.toISOString(),
      actorId: r.actorId,
      action: r.action,
      subject: r.subject,
      details: r.details,
      hash: r.hash,
      prevHash: r.prevHash,
    }));
  }
}
