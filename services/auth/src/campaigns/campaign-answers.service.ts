// Someone answers a campaign with an e-mail address. Whatever the case, the caller gets the same
// answer and the mail (if any) leaves after it, so neither the body nor the timing tells a stranger
// anything. The campaign link itself grants nothing; what happens depends only on the address:
// - new address, campaign open and under its cap → a sign-up link (the account is created only when
//   it is redeemed);
// - address of an existing account → an ordinary login link (≤ 10 min, like POST /auth/login-links):
//   a campaign must not become a way to get longer-lived login links for existing accounts;
// - campaign unknown, expired, revoked or full, or the account disabled → nothing.
import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type StructuredLogger } from '@webinar/http';
import { DATABASE, type Database } from '@webinar/persistence';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.options';
import { AuthAuditActions, recordAuthEvent } from '../audit/auth-audit';
import { AUTH_KEYS, type AuthKeys } from '../keys/auth-keys';
import { LinksService } from '../links/links.service';
import { MAILER, type Mailer, type MailMessage } from '../mail/mailer';
import { loginLinkMail } from '../mail/messages';
import { asAuthSystem } from '../system-tx';
import { EmailProtector } from '../users/email-protector';
import { UsersService } from '../users/users.service';
import { campaignSignupMail } from './campaign-mail';
import { mintCampaignSignupToken } from './campaign-token';
import type { Campaign } from './campaign.entity';
import { CampaignSignupsStore } from './campaign-signups-store';
import { CampaignsStore } from './campaigns-store';
import { campaignIdParam } from './campaign.schemas';

type AnswerResult = 'signup-link' | 'login-link' | 'full' | 'account-disabled';

@Injectable()
export class CampaignAnswersService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(AUTH_KEYS) private readonly keys: AuthKeys,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(LOGGER) private readonly logger: StructuredLogger,
    private readonly emails: EmailProtector,
    private readonly users: UsersService,
    private readonly links: LinksService,
    private readonly campaigns: CampaignsStore,
    private readonly signups: CampaignSignupsStore,
  ) {}

  async answer(campaignId: string, email: string): Promise<void> {
    if (!campaignIdParam.safeParse(campaignId).success) return;
    const outcome = await asAuthSystem(this.database, 'campaign-answer', async (manager) => {
      const campaign = await this.campaigns.findOpen(manager, campaignId);
      if (!campaign) return undefined;
      const { result, message } = await this.resultFor(manager, campaign, email);
      await recordAuthEvent(manager, {
        action: AuthAuditActions.campaignAnswered,
        actorId: null,
        companyId: campaign.companyId,
        subject: campaign.id,
        details: { result },
      });
      return { campaignId: campaign.id, result, message };
    });
    if (!outcome?.message) return;
    const context = { campaignId: outcome.campaignId, result: outcome.result };
    void this.mailer.send(outcome.message).then(
      () => this.logger.info(context, 'campaign answer mailed'),
      (error: unknown) => this.logger.warn({ ...context, err: error }, 'campaign answer mail failed'),
    );
  }

  private async resultFor(
    manager: EntityManager,
    campaign: Campaign,
    email: string,
  ): Promise<{ result: AnswerResult; message?: MailMessage }> {
    const user = await this.users.findByEmail(manager, email);
    if (user) {
      if (user.status === 'disabled') return { result: 'account-disabled' };
      const link = await this.links.issue(manager, user, 'login');
      return { result: 'login-link', message: loginLinkMail(this.users.emailOf(user), link.url, this.links.ttlOf('login')) };
    }
    if (campaign.signupCap !== null && campaign.accountsCreated >= campaign.signupCap) return { result: 'full' };
    const url = await this.issueSignup(manager, campaign, email);
    return { result: 'signup-link', message: campaignSignupMail(email.trim(), url, this.settings.campaignSignupTtlSeconds) };
  }

  /** A new sign-up link; older unused ones of this campaign and address are revoked (one live link). */
  private async issueSignup(manager: EntityManager, campaign: Campaign, email: string): Promise<string> {
    const id = randomUUID();
    const sealed = this.emails.seal(id, email);
    const ttl = this.settings.campaignSignupTtlSeconds;
    const minted = await mintCampaignSignupToken(this.keys.links, { cmp: campaign.id, cid: campaign.companyId, lid: id }, ttl);
    await this.signups.revokeUnusedFor(manager, campaign.id, sealed.index);
    await this.signups.insert(manager, {
      id,
      campaignId: campaign.id,
      companyId: campaign.companyId,
      email: sealed,
      nonceHash: minted.nonceHash,
      ttlSeconds: ttl,
    });
    // The token rides in the fragment, like every link: it never reaches a server log or a Referer.
    return `${this.settings.publicOrigin}/auth/campaign-signup#${minted.token}`;
  }
}
