import type { MailMessage } from '../mail/mailer';

function duration(seconds: number): string {
  return seconds >= 3600 ? `${Math.round(seconds / 3600)} hour(s)` : `${Math.round(seconds / 60)} minutes`;
}

/**
 * Fixed wording: neither the campaign's label nor anything else an admin typed goes into a mail that
 * a stranger can have sent to any address (that would make us a relay for someone else's text).
 */
export function campaignSignupMail(to: string, url: string, ttlSeconds: number): MailMessage {
  return {
    to,
    subject: 'Confirm your sign-up to Webinar',
    text: [
      'This address was entered to sign up for a webinar. Open this link to create your account and sign in:',
      '',
      url,
      '',
      `It works once and for ${duration(ttlSeconds)}. If it was not you, ignore this message: no account is created unless the link is used.`,
    ].join('\n'),
  };
}
