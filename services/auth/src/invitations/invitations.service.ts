// Invitations: an admin invites into their own company, root into any. The invitee becomes a
// prospect (or, invited by root, an admin) with status "invited" and receives an invitation link by
// mail. Each row runs in its own transaction under the caller's tenant, so row-level security hides
// other companies' users and a bad row never aborts the others.
import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type StructuredLogger } from '@webinar/http';
import { DATABASE, type Database, type TenantContext, withTenant } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';
import { z } from 'zod';
import { KnownCompany } from '../companies/known-company.entity';
import { LinksService } from '../links/links.service';
import { MAILER, type Mailer } from '../mail/mailer';
import { invitationMail } from '../mail/messages';
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

    const issued = await withTenant(this.database.dataSource, tenant, async (manager) => {
      if (!(await manager.existsBy(KnownCompany, { id: companyId }))) throw new RowRefused(Codes.unknownCompany);
      let user = await this.users.findByEmail(manager, address.data);
      if (user && (user.companyId !== companyId || user.role !== role)) throw new RowRefused(Codes.emailInUse);
      if (user && user.status !== 'invited') throw new RowRefused(Codes.alreadyMember);
      user ??= await this.users.create(manager, { email: address.data, companyId, role, status: 'invited' });
      const link = await this.links.issue(manager, user, 'invitation', inviter.userId);
      return { user, link };
    });
    try {
      await this.mailer.send(invitationMail(address.data, issued.link.url, this.links.ttlOf('invitation')));
    } catch (error) {
      this.logger.warn({ userId: issued.user.id, err: error }, 'invitation mail failed');
      throw new RowRefused(Codes.mailFailed);
    }
    this.logger.info({ userId: issued.user.id, companyId, inviterId: inviter.userId }, 'invitation sent');
    return { userId: issued.user.id, expiresAt: issued.link.expiresAt.toISOString() };
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
