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

export interface CredentialsView {
  passwordSet: boolean;
  totpEnrolled: boolean;
  recoveryCodesRemaining: number;
  /** Password login works only with both a password and a confirmed authenticator. */
  passwordLoginReady: boolean;
  /** root and admin are expected to enrol (see docs/identity.md); the UI prompts them. */
  enrolmentExpected: boolean;
}

export interface TotpEnrolmentView {
  /** `otpauth://totp/…` — the same secret as the QR code, for apps that take a link. */
  otpauthUri: string;
  /** base32, for typing into an app by hand. */
  secret: string;
  /** PNG data URL of the otpauth URI (CSP allows `img-src data:`). */
  qrCode: string;
  expiresAt: string;
}

export interface RecoveryCodesView {
  /** Shown once; only hashes are kept. */
  recoveryCodes: string[];
}

export interface PasswordChangedView {
  sessionsRevoked: number;
}
