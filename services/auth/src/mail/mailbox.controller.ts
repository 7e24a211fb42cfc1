// The standalone mailbox (no SMTP_URL) through the API: a summary of each mail (recipient, subject,
// time, link state), never its text. The text carries a working login or invitation link, and
// handing it to root would let root become anyone without the time-boxed elevation. Even the summary
// names people, so only an elevated root reads it, and that request is audited like every elevated
// one (AuthElevatedRequestAudit records it before the answer leaves). The whole mails stay files
// under DATA_DIR for the operator of the machine.
import { Controller, Get, Header, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HttpErrors, QuerySchema, Refuses, Responds } from '@webinar/http';
import { type AccessIdentity, CurrentIdentity, RequireRoles } from '@webinar/security';
import { AUTH_PREFIX } from '../auth.constants';
import { type MailboxQuery, mailboxQuery, type MailboxView, mailboxView } from './mailbox.schemas';
import { summaryOf } from './mailbox-summary';
import { MAILER, MailboxMailer, type Mailer } from './mailer';

@ApiTags('mailbox')
@Controller(`${AUTH_PREFIX}/mailbox`)
export class MailboxController {
  constructor(@Inject(MAILER) private readonly mailer: Mailer) {}

  @Get()
  @RequireRoles('root')
  @QuerySchema(mailboxQuery)
  @Header('cache-control', 'no-store')
  @Responds(200, mailboxView)
  @Refuses(HttpErrors.elevationRequired)
  async list(
    @CurrentIdentity() identity: AccessIdentity,
    @Query() query: MailboxQuery,
  ): Promise<MailboxView> {
    if (!identity.elevated) throw HttpErrors.elevationRequired();
    if (!(this.mailer instanceof MailboxMailer)) return { smtp: true, messages: [] };
    const now = Date.now();
    return { smtp: false, messages: (await this.mailer.list(query.limit ?? 50)).map((mail) => summaryOf(mail, now)) };
  }
}
