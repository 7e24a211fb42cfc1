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
import { AUTH_SCHEMA } from '../auth.constants';
import { AuthAuditActions, recordAuthEvent } from '../audit/auth-audit';
import { LinkInvalid } from '../errors';
import { AUTH_KEYS, type AuthKeys } from '../keys/auth-keys';
import { MAX_FAILED_ATTEMPTS } from '../links/links.service';
import { type NewSession, SessionsService } from '../sessions/sessions.service';
import { asAuthSystem } from '../system-tx';
import { EmailProtector } from '../users/email-protector';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { type CampaignSignupClaims, openCampaignSignupToken } from './campaign-token';
import { Campaign } from './campaign.entity';

export interface SignupRedemption extends NewSession {
  user: User;
  accountCreated: boolean;
  seminarId: string;
}

interface ConsumedSignup {
  id: string;
  email_cipher: string;
  email_kid: string;
  email_index: string;
}

const signups = `"${AUTH_SCHEMA}"."campaign_signups"`;
const campaigns = `"${AUTH_SCHEMA}"."campaigns"`;

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
  ) {}

  /** Consumes the link and opens a session, or throws LinkInvalid (one answer for every failure). */
  async redeem(token: string): Promise<SignupRedemption> {
    const opened = await openCampaignSignupToken(this.keys.links, token);
    if (!opened) throw new LinkInvalid();
    let outcome: SignupRedemption | undefined;
    try {
      outcome = await this.attempt(opened.claims, opened.nonceHash);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another redemption created the account first (and this attempt rolled back entirely).
      outcome = await this.attempt(opened.claims, opened.nonceHash);
    }
    if (!outcome) throw new LinkInvalid();
    return outcome;
  }

  private attempt(claims: CampaignSignupClaims, nonceHash: string): Promise<SignupRedemption | undefined> {
    return asAuthSystem(this.database, 'campaign-signup', async (manager) => {
      const signup = await this.consume(manager, claims, nonceHash);
      if (!signup) {
        // Replays, late or revoked uses count against the link; this commits (no throw in here).
        await manager.query(`UPDATE ${signups} SET failed_attempts = failed_attempts + 1 WHERE id = $1`, [claims.lid]);
        return undefined;
      }
      const campaign = await manager.findOneByOrFail(Campaign, { id: claims.cmp });
      const existing = await manager.findOneBy(User, { emailIndex: signup.email_index });
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

  /** The live link row, consumed; only while its campaign is still open (revoking one ends its links). */
  private async consume(manager: EntityManager, claims: CampaignSignupClaims, nonceHash: string): Promise<ConsumedSignup | undefined> {
    const rows: ConsumedSignup[] = await manager.query(
      `WITH consumed AS (
         UPDATE ${signups} s SET consumed_at = now()
          WHERE s.id = $1 AND s.campaign_id = $2 AND s.company_id = $3 AND s.nonce_hash = $4
            AND s.consumed_at IS NULL AND s.revoked_at IS NULL AND s.expires_at > now() AND s.failed_attempts < $5
            AND EXISTS (SELECT 1 FROM ${campaigns} c WHERE c.id = s.campaign_id AND c.revoked_at IS NULL AND c.expires_at > now())
         RETURNING s.id, s.email_cipher, s.email_kid, s.email_index)
       SELECT * FROM consumed`,
      [claims.lid, claims.cmp, claims.cid, nonceHash, MAX_FAILED_ATTEMPTS],
    );
    return rows[0];
  }

  private async signIntoExisting(manager: EntityManager, user: User): Promise<User | undefined> {
    if (user.status === 'disabled') return undefined;
    // Redeeming proves the mailbox, as an invitation link does.
    if (user.status === 'invited') {
      await manager.update(User, { id: user.id }, { status: 'active' });
      user.status = 'active';
    }
    return user;
  }

  /** Counts the account against the cap in the same statement that checks it: never one too many. */
  private async createAccount(manager: EntityManager, claims: CampaignSignupClaims, signup: ConsumedSignup): Promise<User | undefined> {
    const counted: unknown[] = await manager.query(
      `WITH counted AS (
         UPDATE ${campaigns} SET accounts_created = accounts_created + 1
          WHERE id = $1 AND revoked_at IS NULL AND expires_at > now()
            AND (signup_cap IS NULL OR accounts_created < signup_cap)
         RETURNING id)
       SELECT id FROM counted`,
      [claims.cmp],
    );
    if (counted.length === 0) return undefined;
    const email = this.emails.open(signup.id, { cipher: signup.email_cipher, kid: signup.email_kid });
    return this.users.create(manager, { email, companyId: claims.cid, role: 'prospect', status: 'active' });
  }
}
