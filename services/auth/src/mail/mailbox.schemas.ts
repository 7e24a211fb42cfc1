import { z } from 'zod';

export const mailboxQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).optional() });
export type MailboxQuery = z.infer<typeof mailboxQuery>;

export const MAIL_STATES = ['link-pending', 'link-expired', 'no-link'] as const;
export type MailState = (typeof MAIL_STATES)[number];

/** Who, what, when, and whether its link still works: never the text (see mailbox-summary.ts). */
export const mailSummary = z.object({
  id: z.string(),
  at: z.string(),
  to: z.string(),
  subject: z.string(),
  /** `link-pending`: its link has not expired yet (it may have been used or replaced). */
  state: z.enum(MAIL_STATES),
});
export type MailSummary = z.input<typeof mailSummary>;

/** `smtp: true`: mail goes out through SMTP and nothing is kept to list. */
export const mailboxView = z.object({ smtp: z.boolean(), messages: z.array(mailSummary) });
export type MailboxView = z.input<typeof mailboxView>;
