import type { MailMessage } from './mailer';

function minutes(seconds: number): string {
  return seconds >= 3600 ? `${Math.round(seconds / 3600)} hours` : `${Math.round(seconds / 60)} minutes`;
}

/** When the link in a mail stops working (the mailbox API shows only this, never the link). */
function linkExpiry(ttlSeconds: number): string {
  return new Date(Date.now() + ttlSeconds * 1000).toISOString();
}

export function loginLinkMail(to: string, url: string, ttlSeconds: number): MailMessage {
  return {
    to,
    linkExpiresAt: linkExpiry(ttlSeconds),
    subject: 'Your login link',
    text: [
      'Open this link to sign in to Webinar:',
      '',
      url,
      '',
      `It works once and for ${minutes(ttlSeconds)}. If you did not ask for it, ignore this message.`,
    ].join('\n'),
  };
}

export function invitationMail(to: string, url: string, ttlSeconds: number): MailMessage {
  return {
    to,
    linkExpiresAt: linkExpiry(ttlSeconds),
    subject: 'You are invited to Webinar',
    text: [
      'You have been invited to Webinar. Open this link to accept the invitation and sign in:',
      '',
      url,
      '',
      `It works once and for ${minutes(ttlSeconds)}. If you did not expect this invitation, ignore this message.`,
    ].join('\n'),
  };
}

/**
 * Sent instead of an invitation when an admin invites an address that already has an account in
 * another organisation: no link, no name of who invited, nothing to do. (The admin's answer looks like
 * a sent invitation; see docs/identity.md.)
 */
export function accountExistsNoticeMail(to: string): MailMessage {
  return {
    to,
    subject: 'About an invitation to Webinar',
    text: [
      'An organisation on Webinar tried to invite this address. This address already has a Webinar account,',
      'so no invitation was created and nothing about your account has changed.',
      '',
      'You do not need to do anything. If you expected to join another organisation, ask your administrator.',
    ].join('\n'),
  };
}
