// Invitations: an admin invites into their own company, root into any. The invitee becomes a
// prospect (or, invited by root, an admin) with status "invited" and receives an invitation link by
// mail. Each row runs in its own transaction under the caller's tenant, so row-level security hides
// other companies' users and a bad row never aborts the others.
//
// An admin's answer never tells whether an address has an account in another company (or is root's):
// such a row is answered exactly like a fresh address ("invited", a user id, an expiry), but nothing
// is stored and the address's owner gets a neutral notice instead of an invitation (no link, no name
// of the inviting company). Duplicates inside the admin's own company keep their clear codes.
// Root, who sees every company, still gets INVITATION.EMAIL_IN_USE. See docs/identity.md.
import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type StructuredLogger } from '@webinar/http';
import { DATABASE, type Database, type TenantContext, withTenant } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { KnownCompaniesStore } from '../companies/known-companies-store';
import { LinksService } from '../links/links.service';
import { MAILER, type Mailer } from '../mail/mailer';
import { accountExistsNoticeMail, invitationMail } from '../mail/messages';
import { UsersService } from '../users/users.service';
import { type InvitationResult, type InvitationRow, InvitationErrorCodes as Codes } from './invitation.schemas';

const email = z.email().max(254);
const uuid = z.uuid();

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

class RowRefused extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

@Injectable()
export class InvitationsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(LOGGER) private readonly logger: StructuredLogger,
    private readonly users: UsersService,
    private readonly links: LinksService,
    private readonly companies: KnownCompaniesStore,
  ) {}

  async inviteAll(inviter: AccessIdentity, rows: InvitationRow[]): Promise<InvitationResult[]> {
    const results: InvitationResult[] = [];
    for (const [index, row] of rows.entries()) {
      try {
        results.push({ row: index, status: 'invited', ...(await this.inviteOne(inviter, row)) });
      } catch (error) {
        if (error instanceof RowRefused) results.push({ row: index, status: 'refused', code: error.code });
        else if (isUniqueViolation(error)) results.push({ row: index, status: 'refused', code: Codes.emailInUse });
        else throw error;
      }
    }
    return results;
  }

  private async inviteOne(inviter: AccessIdentity, row: InvitationRow): Promise<{ userId: string; expiresAt: string }> {
    const address = email.safeParse(row.email.trim());
    if (!address.success) throw new RowRefused(Codes.invalidEmail);
    const companyId = this.companyFor(inviter, row);
    const role = row.role ?? 'prospect';
    if (role === 'admin' && inviter.role !== 'root') throw new RowRefused(Codes.roleNotAllowed);
    const tenant: TenantContext = inviter.role === 'root' ? { root: true, reason: 'auth:invitation' } : { companyId };

    const invite = () =>
      withTenant(this.database.dataSource, tenant, async (manager) => {
        if (!(await this.companies.exists(manager, companyId))) throw new RowRefused(Codes.unknownCompany);
        let user = await this.users.findByEmail(manager, address.data);
        if (user && (user.companyId !== companyId || user.role !== role)) throw new RowRefused(Codes.emailInUse);
        if (user && user.status !== 'invited') throw new RowRefused(Codes.alreadyMember);
        user ??= await this.users.create(manager, { email: address.data, companyId, role, status: 'invited' });
        const link = await this.links.issue(manager, user, 'invitation', inviter.userId);
        return { user, link };
      });
    let issued: Awaited<ReturnType<typeof invite>>;
    try {
      issued = await invite();
    } catch (error) {
      // The address is taken but this tenant saw no account with it: it is another company's (or root's).
      if (!isUniqueViolation(error) || inviter.role === 'root') throw error;
      // Unless a concurrent invitation of this company just created it: then the usual rules answer.
      if (await this.visibleToTenant(tenant, address.data)) issued = await invite();
      else return this.answerAsInvited(address.data, companyId, inviter);
    }
    try {
      await this.mailer.send(invitationMail(address.data, issued.link.url, this.links.ttlOf('invitation')));
    } catch (error) {
      this.logger.warn({ userId: issued.user.id, err: error }, 'invitation mail failed');
      throw new RowRefused(Codes.mailFailed);
    }
    this.logger.info({ userId: issued.user.id, companyId, inviterId: inviter.userId }, 'invitation sent');
    return { userId: issued.user.id, expiresAt: issued.link.expiresAt.toISOString() };
  }

  private async visibleToTenant(tenant: TenantContext, address: string): Promise<boolean> {
    return withTenant(this.database.dataSource, tenant, async (manager) => (await this.users.findByEmail(manager, address)) !== null);
  }

  /**
   * The answer of a fresh address for one that has an account elsewhere: a user id that names nothing
   * (it is never stored) and the expiry an invitation would have. The owner of the address is told,
   * without any link or the inviting company's name, that nothing changed; a mail failure answers
   * INVITATION.MAIL_FAILED as it would for a real invitation.
   */
  private async answerAsInvited(address: string, companyId: string, inviter: AccessIdentity): Promise<{ userId: string; expiresAt: string }> {
    const ttlSeconds = this.links.ttlOf('invitation');
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000).toISOString();
    try {
      await this.mailer.send(accountExistsNoticeMail(address));
    } catch (error) {
      this.logger.warn({ companyId, err: error }, 'invitation notice mail failed');
      throw new RowRefused(Codes.mailFailed);
    }
    this.logger.info({ companyId, inviterId: inviter.userId }, 'invitation not created: the address has an account outside this company');
    return { userId: randomUUID(), expiresAt };
  }

  private companyFor(inviter: AccessIdentity, row: InvitationRow): string {
    if (inviter.role !== 'root') {
      if (!inviter.companyId) throw new RowRefused(Codes.companyRequired);
      if (row.companyId !== undefined && row.companyId !== inviter.companyId) throw new RowRefused(Codes.otherCompany);
      return inviter.companyId;
    }
    if (row.companyId === undefined) throw new RowRefused(Codes.companyRequired);
    if (!uuid.safeParse(row.companyId).success) throw new RowRefused(Codes.unknownCompany);
    return row.companyId;
  }
}
