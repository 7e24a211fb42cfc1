import { timestamp } from '@webinar/contracts';
import { z } from 'zod';

/**
 * Rows are checked one by one (a bad row is reported, never aborts the others), so the body schema
 * only bounds the shape; the e-mail format is validated per row.
 */
export const invitationRow = z.strictObject({
  email: z.string().max(320),
  companyId: z.string().max(64).optional(),
  role: z.enum(['prospect', 'admin']).optional(),
});
export type InvitationRow = z.infer<typeof invitationRow>;

export const createInvitationsBody = z.strictObject({
  invitations: z.array(invitationRow).min(1).max(500),
});
export type CreateInvitationsBody = z.infer<typeof createInvitationsBody>;

/** One result per row, in order: invited, or refused with one of InvitationErrorCodes. */
export const invitationResult = z.discriminatedUnion('status', [
  z.object({ row: z.number().int().min(0), status: z.literal('invited'), userId: z.uuid(), expiresAt: timestamp }),
  z.object({ row: z.number().int().min(0), status: z.literal('refused'), code: z.string() }),
]);
export type InvitationResult = z.input<typeof invitationResult>;

export const invitationResults = z.object({ results: z.array(invitationResult) });
export type InvitationResults = z.input<typeof invitationResults>;

export const InvitationErrorCodes = {
  invalidEmail: 'INVITATION.INVALID_EMAIL',
  companyRequired: 'INVITATION.COMPANY_REQUIRED',
  otherCompany: 'INVITATION.OTHER_COMPANY',
  unknownCompany: 'INVITATION.UNKNOWN_COMPANY',
  roleNotAllowed: 'INVITATION.ROLE_NOT_ALLOWED',
  alreadyMember: 'INVITATION.ALREADY_MEMBER',
  emailInUse: 'INVITATION.EMAIL_IN_USE',
  mailFailed: 'INVITATION.MAIL_FAILED',
} as const;
