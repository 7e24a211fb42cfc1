import type { Provider } from '@nestjs/common';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.options';
import { MAILER, MailboxMailer, type Mailer, SmtpMailer } from './mailer';

export const mailerProvider: Provider = {
  provide: MAILER,
  useFactory: (settings: AuthSettings): Mailer =>
    settings.smtpUrl ? new SmtpMailer(settings.smtpUrl, settings.mailFrom) : new MailboxMailer(settings.mailboxDir),
  inject: [AUTH_SETTINGS],
};
