// Every authentication event becomes an `audit.event.recorded.v1` message, written to the outbox in
// the same transaction as the change it describes: a login that commits is audited, one that rolls
// back is not, and a broker outage delays the record instead of losing it. cms keeps the chain.
//
// Only ids, counts and booleans go in `details`: the contract schema refuses credential-shaped
// keys and values, so a token or password can never reach the audit log by accident.
import { Events } from '@webinar/contracts';
import { enqueue } from '@webinar/messaging';
import type { EntityManager } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';

/** The authentication actions auth records. Stable strings: the audit log is queried by them. */
export const AuthAuditActions = {
  linkIssued: 'auth.link.issued',
  linkRedeemed: 'auth.link.redeemed',
  linkRefused: 'auth.link.refused',
  login: 'auth.login',
  loginFailed: 'auth.login.failed',
  passwordSet: 'auth.password.set',
  passwordChanged: 'auth.password.changed',
  totpEnrolled: 'auth.totp.enrolled',
  recoveryCodeUsed: 'auth.totp.recovery-code-used',
  elevationRequested: 'auth.elevation.requested',
  elevationApproved: 'auth.elevation.approved',
  elevationDenied: 'auth.elevation.denied',
  elevationBreakGlass: 'auth.elevation.break-glass',
  elevationExpired: 'auth.elevation.expired',
  elevationEnded: 'auth.elevation.ended',
  elevatedRequest: 'auth.elevated-request',
  sessionRevoked: 'auth.session.revoked',
  userDisabled: 'auth.user.disabled',
  invitationSent: 'auth.invitation.sent',
  campaignCreated: 'auth.campaign.created',
  campaignAnswered: 'auth.campaign.answered',
  campaignRevoked: 'auth.campaign.revoked',
} as const;

export type AuthAuditAction = (typeof AuthAuditActions)[keyof typeof AuthAuditActions];

export interface AuthAuditEvent {
  action: AuthAuditAction;
  /** Who acted: the user, or null for an anonymous attempt. */
  actorId: string | null;
  /** Whose chain the record joins; null for platform events (root, unknown accounts). */
  companyId: string | null;
  /** What it was about: a user id, session id, link id… never a secret or an e-mail address. */
  subject?: string;
  details?: Record<string, string | number | boolean>;
}

/** Records the event in the outbox of the caller's open transaction. */
export async function recordAuthEvent(manager: EntityManager, event: AuthAuditEvent): Promise<void> {
  await enqueue(manager, AUTH_SCHEMA, Events.AuditRecorded, {
    actorId: event.actorId,
    companyId: event.companyId,
    action: event.action,
    ...(event.subject === undefined ? {} : { subject: event.subject }),
    at: new Date().toISOString(),
    details: event.details ?? {},
  });
}
