import { timestamp } from '@webinar/contracts';
import { z } from 'zod';
import { accountEmail } from '../users/account-email';

// Bodies bound lengths only; the password policy speaks for itself with its own codes, and a login's
// password is never refused for its shape (that would answer differently from a wrong one).
const password = z.string().min(1).max(1024);

export const setPasswordBody = z.strictObject({ password });
export type SetPasswordBody = z.infer<typeof setPasswordBody>;

export const changePasswordBody = z.strictObject({ currentPassword: password, newPassword: password });
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;

export const startTotpBody = z.strictObject({ password });
export type StartTotpBody = z.infer<typeof startTotpBody>;

export const confirmTotpBody = z.strictObject({ code: z.string().min(1).max(32) });
export type ConfirmTotpBody = z.infer<typeof confirmTotpBody>;

/**
 * Password login: the address, the password and one second factor — a TOTP code or a recovery code.
 * Both factors are optional in the shape so that a missing one gets the same answer as a wrong one.
 */
export const passwordLoginBody = z.strictObject({
  email: accountEmail,
  password,
  totp: z.string().max(32).optional(),
  recoveryCode: z.string().max(64).optional(),
});
export type PasswordLoginBody = z.infer<typeof passwordLoginBody>;

export const credentialsView = z.object({
  passwordSet: z.boolean(),
  totpEnrolled: z.boolean(),
  recoveryCodesRemaining: z.number().int().min(0),
  /** Password login works only with both a password and a confirmed authenticator. */
  passwordLoginReady: z.boolean(),
  /** root and admin are expected to enrol (see docs/identity.md); the UI prompts them. */
  enrolmentExpected: z.boolean(),
});
export type CredentialsView = z.input<typeof credentialsView>;

export const totpEnrolmentView = z.object({
  /** `otpauth://totp/…` — the same secret as the QR code, for apps that take a link. */
  otpauthUri: z.string(),
  /** base32, for typing into an app by hand. */
  secret: z.string(),
  /** PNG data URL of the otpauth URI (CSP allows `img-src data:`). */
  qrCode: z.string(),
  expiresAt: timestamp,
});
export type TotpEnrolmentView = z.input<typeof totpEnrolmentView>;

export const recoveryCodesView = z.object({
  /** Shown once; only hashes are kept. */
  recoveryCodes: z.array(z.string()),
});
export type RecoveryCodesView = z.input<typeof recoveryCodesView>;

export const passwordChangedView = z.object({ sessionsRevoked: z.number().int().min(0) });
export type PasswordChangedView = z.input<typeof passwordChangedView>;
