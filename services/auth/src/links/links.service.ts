// Login and invitation links (ASVS 6.4.1, 6.5.1, 6.5.2, 6.5.5). Issuing revokes the user's older
// unused links of the same purpose. Redeeming is one atomic UPDATE … WHERE consumed_at IS NULL …
// RETURNING: of any number of concurrent redemptions of one link exactly one gets a row, and only
// that one creates a session, in the same transaction.
import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '@webinar/persistence';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.options';
import { AuthAuditActions, recordAuthEvent } from '../audit/auth-audit';
import { LinkErrors } from './link.errors';
import { AUTH_KEYS, type AuthKeys } from '../keys/auth-keys';
import { type NewSession, SessionsService } from '../sessions/sessions.service';
import { asAuthSystem } from '../system-tx';
import type { User } from '../users/user.entity';
import { UsersStore } from '../users/users-store';
import { mintLinkToken, openLinkToken } from './link-token';
import { LinksStore } from './links-store';
import type { LinkPurpose } from './login-link.entity';

/** ASVS 6.5.x: a link that failed this many times is dead even if still unused and unexpired. */
export const MAX_FAILED_ATTEMPTS = 5;

export interface IssuedLink {
  linkId: string;
  /** `https://<origin>/auth/link#<token>`: the token travels in the fragment, which no server logs. */
  url: string;
  expiresAt: Date;
}

export interface Redemption extends NewSession {
  user: User;
  purpose: LinkPurpose;
}

@Injectable()
export class LinksService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(AUTH_KEYS) private readonly keys: AuthKeys,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    private readonly sessions: SessionsService,
    private readonly store: LinksStore,
    private readonly users: UsersStore,
  ) {}

  ttlOf(purpose: LinkPurpose): number {
    return purpose === 'login' ? this.settings.loginLinkTtlSeconds : this.settings.invitationTtlSeconds;
  }

  /**
   * Issues a link in the caller's transaction, revoking the user's older unused ones of this purpose.
   * `actorId` is who caused it (an inviter); null for a self-service request or the root bootstrap.
   */
  async issue(manager: EntityManager, user: User, purpose: LinkPurpose, actorId: string | null = null): Promise<IssuedLink> {
    const linkId = randomUUID();
    const ttl = this.ttlOf(purpose);
    const minted = await mintLinkToken(this.keys.links, { sub: user.id, cid: user.companyId, pur: purpose, lid: linkId }, ttl);
    await this.store.revokeUnused(manager, user.id, purpose);
    const expiresAt = new Date(Date.now() + ttl * 1000);
    await this.store.insert(manager, { id: linkId, userId: user.id, purpose, nonceHash: minted.nonceHash, expiresAt });
    await recordAuthEvent(manager, {
      action: AuthAuditActions.linkIssued,
      actorId,
      companyId: user.companyId,
      subject: `user:${user.id}`,
      details: { linkId, purpose, expiresAt: expiresAt.toISOString() },
    });
    return { linkId, url: `${this.settings.publicOrigin}/auth/link#${minted.token}`, expiresAt };
  }

  /** Consumes the link and opens a session, or throws LinkInvalid (one answer for every failure). */
  async redeem(token: string): Promise<Redemption> {
    const opened = await openLinkToken(this.keys.links, token);
    if (!opened) throw LinkErrors.invalid();
    const { claims, nonceHash } = opened;
    // The link decrypted, so its ids are authentic (AEAD): a refusal can be attributed and audited.
    const refused = (manager: EntityManager, reason: string): Promise<void> =>
      recordAuthEvent(manager, {
        action: AuthAuditActions.linkRefused,
        actorId: null,
        companyId: claims.cid,
        subject: `user:${claims.sub}`,
        details: { linkId: claims.lid, purpose: claims.pur, reason },
      });
    const outcome = await asAuthSystem(this.database, 'link-redeem', async (manager) => {
      const claim = { id: claims.lid, userId: claims.sub, purpose: claims.pur, nonceHash };
      if (!(await this.store.consume(manager, claim, MAX_FAILED_ATTEMPTS))) {
        // Replays, late or revoked uses count against the link; this commits (no throw in here).
        await this.store.countFailure(manager, claims.lid);
        await refused(manager, 'used, expired, revoked or locked');
        return undefined;
      }
      const user = await this.users.findById(manager, claims.sub);
      if (!user || user.status === 'disabled') {
        await refused(manager, 'account disabled');
        return undefined;
      }
      if (user.status === 'invited') {
        await this.users.setStatus(manager, user.id, 'active');
        user.status = 'active';
      }
      const session = await this.sessions.create(manager, user, 'link');
      const sessionId = session.context.sessionId;
      const audited = { actorId: user.id, companyId: user.companyId, subject: `user:${user.id}` };
      await recordAuthEvent(manager, { ...audited, action: AuthAuditActions.linkRedeemed, details: { linkId: claims.lid, purpose: claims.pur, sessionId } });
      await recordAuthEvent(manager, { ...audited, action: AuthAuditActions.login, details: { method: 'link', sessionId } });
      return { ...session, user, purpose: claims.pur };
    });
    if (!outcome) throw LinkErrors.invalid();
    return outcome;
  }
}
