// What the mailbox API may say about a stored mail: who, what, when, and whether its link still
// works. Built field by field from the stored mail, so neither the text nor anything else that could
// carry a link or token can reach an answer, whatever is added to StoredMail later.
import type { MailState, MailSummary } from './mailbox.schemas';
import type { StoredMail } from './mailer';


export function mailStateOf(mail: Pick<StoredMail, 'linkExpiresAt'>, now = Date.now()): MailState {
  if (mail.linkExpiresAt === undefined) return 'no-link';
  return Date.parse(mail.linkExpiresAt) > now ? 'link-pending' : 'link-expired';
}

export function summaryOf(mail: StoredMail, now = Date.now()): MailSummary {
  return { id: mail.id, at: mail.at, to: mail.to, subject: mail.subject, state: mailStateOf(mail, now) };
}
