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

export type InvitationResult =
  | { row: number; status: 'invited'; userId: string; expiresAt: string }
  | { row: number; status: 'refused'; code: string };

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
