// Redeeming a campaign sign-up link: the only moment a campaign creates an account. One transaction:
// consume the link (atomic UPDATE … WHERE consumed_at IS NULL … RETURNING, as for every link), then
// - the address has an account by now (answered twice, invited meanwhile…) → sign into it;
// - otherwise count the account against the campaign (one UPDATE that also enforces the cap and the
//   campaign still being open) and create it as a prospect of the campaign's company.
// Two redemptions racing for one address both see "no account"; the unique blind index lets only
// one insert commit, and the loser is retried once, when it finds the account and signs into it.
import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '@webinar/persistence';
import type { EntityManager } from 'typeorm';
import { AuthAuditActions, recordAuthEvent } from '../audit/auth-audit';
import { LinkErrors } from '../links/link.errors';
import { AUTH_KEYS, type AuthKeys } from '../keys/auth-keys';
import { MAX_FAILED_ATTEMPTS } from '../links/links.service';
import { type NewSession, SessionsService } from '../sessions/sessions.service';
import { asAuthSystem } from '../system-tx';
import { EmailProtector } from '../users/email-protector';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { UsersStore } from '../users/users-store';
import { type CampaignSignupClaims, openCampaignSignupToken } from './campaign-token';
import { type ConsumedSignupRow, CampaignSignupsStore } from './campaign-signups-store';
import { CampaignsStore } from './campaigns-store';

export interface SignupRedemption extends NewSession {
  user: User;
  accountCreated: boolean;
  seminarId: string;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

@Injectable()
export class CampaignSignupsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(AUTH_KEYS) private readonly keys: AuthKeys,
    private readonly emails: EmailProtector,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly accounts: UsersStore,
    private readonly campaigns: CampaignsStore,
    private readonly signups: CampaignSignupsStore,
  ) {}

  /** Consumes the link and opens a session, or throws LinkInvalid (one answer for every failure). */
  async redeem(token: string): Promise<SignupRedemption> {
    const opened = await openCampaignSignupToken(this.keys.links, token);
    if (!opened) throw LinkErrors.invalid();
    let outcome: SignupRedemption | undefined;
    try {
      outcome = await this.attempt(opened.claims, opened.nonceHash);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another redemption created the account first (and this attempt rolled back entirely).
      outcome = await this.attempt(opened.claims, opened.nonceHash);
    }
    if (!outcome) throw LinkErrors.invalid();
    return outcome;
  }

  private attempt(claims: CampaignSignupClaims, nonceHash: string): Promise<SignupRedemption | undefined> {
    return asAuthSystem(this.database, 'campaign-signup', async (manager) => {
      const claim = { id: claims.lid, campaignId: claims.cmp, companyId: claims.cid, nonceHash };
      const signup = await this.signups.consume(manager, claim, MAX_FAILED_ATTEMPTS);
      if (!signup) {
        // Replays, late or revoked uses count against the link; this commits (no throw in here).
        await this.signups.countFailure(manager, claims.lid);
        return undefined;
      }
      const campaign = await this.campaigns.findById(manager, claims.cmp);
      const existing = await this.accounts.findByEmailIndex(manager, signup.email_index);
      const user = existing ? await this.signIntoExisting(manager, existing) : await this.createAccount(manager, claims, signup);
      if (!user) return undefined;
      const session = await this.sessions.create(manager, user, 'link');
      const sessionId = session.context.sessionId;
      const audited = { actorId: user.id, companyId: user.companyId, subject: `user:${user.id}` };
      await recordAuthEvent(manager, {
        ...audited,
        action: AuthAuditActions.linkRedeemed,
        details: { linkId: signup.id, purpose: 'campaign-signup', campaignId: claims.cmp, accountCreated: !existing, sessionId },
      });
      await recordAuthEvent(manager, { ...audited, action: AuthAuditActions.login, details: { method: 'campaign-link', sessionId } });
      return { ...session, user, accountCreated: !existing, seminarId: campaign.seminarId };
    });
  }

  private async signIntoExisting(manager: EntityManager, user: User): Promise<User | undefined> {
    if (user.status === 'disabled') return undefined;
    // Redeeming proves the mailbox, as an invitation link does.
    if (user.status === 'invited') {
      await this.accounts.setStatus(manager, user.id, 'active');
      user.status = 'active';
    }
    return user;
  }

  /** Counts the account against the cap in the same statement that checks it: never one too many. */
  private async createAccount(manager: EntityManager, claims: CampaignSignupClaims, signup: ConsumedSignupRow): Promise<User | undefined> {
    if (!(await this.campaigns.countAccount(manager, claims.cmp))) return undefined;
    const email = this.emails.open(signup.id, { cipher: signup.email_cipher, kid: signup.email_kid });
    return this.users.create(manager, { email, companyId: claims.cid, role: 'prospect', status: 'active' });
  }
}
