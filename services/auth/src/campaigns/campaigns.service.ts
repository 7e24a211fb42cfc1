// Campaign administration: an admin creates, lists and revokes their own company's campaigns
// (row-level security keeps them there); root may do so for any company, but only while elevated,
// as for any other company data. Every change is audited in its own transaction.
import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database, type TenantContext, withTenant } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.options';
import { AuthAuditActions, recordAuthEvent } from '../audit/auth-audit';
import { KnownCompaniesStore } from '../companies/known-companies-store';
import { HttpErrors } from '@webinar/http';
import { CampaignErrors } from './campaign.errors';
import type { Campaign } from './campaign.entity';
import { CampaignSignupsStore } from './campaign-signups-store';
import { CampaignsStore } from './campaigns-store';
import { type CampaignStatus, type CampaignView, type CreateCampaignBody, MAX_CAMPAIGN_DAYS } from './campaign.schemas';

/** Whose campaigns the caller may touch; root only while elevated. */
export function campaignTenantOf(identity: AccessIdentity): TenantContext {
  if (identity.role === 'root') {
    if (!identity.elevated) throw HttpErrors.elevationRequired();
    return { root: true, reason: `auth:campaigns by ${identity.userId}` };
  }
  if (identity.companyId === null) throw CampaignErrors.companyRequired();
  return { companyId: identity.companyId };
}

export function campaignStatusOf(row: Campaign, now = Date.now()): CampaignStatus {
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt.getTime() <= now) return 'expired';
  if (row.signupCap !== null && row.accountsCreated >= row.signupCap) return 'full';
  return 'open';
}

@Injectable()
export class CampaignsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    private readonly store: CampaignsStore,
    private readonly signups: CampaignSignupsStore,
    private readonly companies: KnownCompaniesStore,
  ) {}

  urlOf(campaignId: string): string {
    return `${this.settings.publicOrigin}/auth/campaign/${campaignId}`;
  }

  viewOf(row: Campaign, now = Date.now()): CampaignView {
    return {
      id: row.id,
      companyId: row.companyId,
      seminarId: row.seminarId,
      label: row.label,
      url: this.urlOf(row.id),
      status: campaignStatusOf(row, now),
      expiresAt: row.expiresAt.toISOString(),
      signupCap: row.signupCap,
      accountsCreated: row.accountsCreated,
      createdBy: row.createdBy,
      createdAt: row.createdAt.toISOString(),
      revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
    };
  }

  async create(creator: AccessIdentity, body: CreateCampaignBody): Promise<CampaignView> {
    const tenant = campaignTenantOf(creator);
    const companyId = this.companyFor(creator, body);
    const expiresAt = new Date(body.expiresAt);
    const latest = Date.now() + MAX_CAMPAIGN_DAYS * 24 * 3600 * 1000;
    if (!(expiresAt.getTime() > Date.now() && expiresAt.getTime() <= latest)) throw CampaignErrors.invalidExpiry({ maxDays: MAX_CAMPAIGN_DAYS });
    return withTenant(this.database.dataSource, tenant, async (manager) => {
      if (!(await this.companies.exists(manager, companyId))) throw CampaignErrors.unknownCompany();
      const id = randomUUID();
      await this.store.insert(manager, {
        id,
        companyId,
        seminarId: body.seminarId,
        label: body.label,
        expiresAt,
        signupCap: body.signupCap ?? null,
        createdBy: creator.userId,
      });
      await recordAuthEvent(manager, {
        action: AuthAuditActions.campaignCreated,
        actorId: creator.userId,
        companyId,
        subject: id,
        details: { seminarId: body.seminarId, expiresAt: expiresAt.toISOString(), signupCap: body.signupCap ?? 0 },
      });
      return this.viewOf(await this.store.findById(manager, id));
    });
  }

  async list(viewer: AccessIdentity, companyId?: string): Promise<CampaignView[]> {
    const rows = await withTenant(this.database.dataSource, campaignTenantOf(viewer), (manager) => this.store.list(manager, companyId, 500));
    const now = Date.now();
    return rows.map((row) => this.viewOf(row, now));
  }

  /** Ends the campaign at once: its link answers like any dead link and unused sign-up links die. */
  async revoke(actor: AccessIdentity, id: string): Promise<void> {
    await withTenant(this.database.dataSource, campaignTenantOf(actor), async (manager) => {
      // Row-level security hides other companies' campaigns: "not yours" and "no such" are one 404.
      const row = await this.store.findForUpdate(manager, id);
      if (!row) throw CampaignErrors.notFound();
      if (row.revokedAt) return;
      await this.store.revoke(manager, id);
      await this.signups.revokeUnusedOf(manager, id);
      await recordAuthEvent(manager, {
        action: AuthAuditActions.campaignRevoked,
        actorId: actor.userId,
        companyId: row.companyId,
        subject: id,
      });
    });
  }

  private companyFor(creator: AccessIdentity, body: CreateCampaignBody): string {
    if (creator.role === 'root') {
      if (body.companyId === undefined) throw CampaignErrors.companyRequired();
      return body.companyId;
    }
    if (creator.companyId === null) throw CampaignErrors.companyRequired();
    if (body.companyId !== undefined && body.companyId !== creator.companyId) throw CampaignErrors.otherCompany();
    return creator.companyId;
  }
}
