import type { MailMessage } from './mailer';

function minutes(seconds: number): string {
  return seconds >= 3600 ? `${Math.round(seconds / 3600)} hours` : `${Math.round(seconds / 60)} minutes`;
}

export function loginLinkMail(to: string, url: string, ttlSeconds: number): MailMessage {
  return {
    to,
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
