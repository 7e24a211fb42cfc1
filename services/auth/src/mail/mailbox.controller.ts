import { Controller, Get, Header, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { QuerySchema } from '@webinar/http';
import { RequireRoles } from '@webinar/security';
import { z } from 'zod';
import { AUTH_PREFIX } from '../auth.constants';
import { MAILER, MailboxMailer, type Mailer, type StoredMail } from './mailer';

const mailboxQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).optional() });

/** Without SMTP (standalone), the messages auth would have sent; only root may read them (they carry links). */
@ApiTags('mailbox')
@Controller(`${AUTH_PREFIX}/mailbox`)
export class MailboxController {
  constructor(@Inject(MAILER) private readonly mailer: Mailer) {}

  @Get()
  @RequireRoles('root')
  @QuerySchema(mailboxQuery)
  @Header('cache-control', 'no-store')
  async list(@Query() query: z.infer<typeof mailboxQuery>): Promise<{ smtp: boolean; messages: StoredMail[] }> {
    if (!(this.mailer instanceof MailboxMailer)) return { smtp: true, messages: [] };
    return { smtp: false, messages: await this.mailer.list(query.limit ?? 50) };
  }
}
