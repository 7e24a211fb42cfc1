import { defineErrors } from '@webinar/http';

export const CredentialErrors = defineErrors({
  /**
   * One answer for every refused password login — unknown address, wrong password, missing or wrong
   * code, account without a second factor — so that the answer is no oracle (ASVS 6.3.8).
   */
  loginFailed: { code: 'AUTH.LOGIN_FAILED', status: 401, message: 'The e-mail address, password or code is wrong.' },
  /** The account is backing off after failed attempts; `retryAfterSeconds` goes in `Retry-After` (retry-after.ts). */
  loginBackoff: {
    code: 'AUTH.LOGIN_BACKOFF',
    status: 429,
    message: (_: { retryAfterSeconds: number }) => 'Too many failed attempts; wait before trying again.',
  },
  /** The session is too old for this change: sign in again (a fresh link) and retry. */
  reauthenticationRequired: { code: 'AUTH.REAUTHENTICATION_REQUIRED', status: 403, message: 'Sign in again to do this.' },
  // A new password breaks the policy (see password-policy.ts).
  passwordTooShort: { code: 'PASSWORD.TOO_SHORT', status: 400, message: 'The password must have at least 12 characters.' },
  passwordTooLong: { code: 'PASSWORD.TOO_LONG', status: 400, message: 'The password must have at most 128 characters.' },
  passwordContainsEmail: { code: 'PASSWORD.CONTAINS_EMAIL', status: 400, message: 'The password must not contain your e-mail address.' },
  passwordCommon: { code: 'PASSWORD.COMMON', status: 400, message: 'This password is too common; choose another.' },
  passwordAlreadySet: { code: 'PASSWORD.ALREADY_SET', status: 409, message: 'A password is already set; change it with the current one.' },
  passwordNotSet: { code: 'PASSWORD.NOT_SET', status: 409, message: 'Set a password first.' },
  /** The current password given to confirm a change is wrong. */
  passwordWrong: { code: 'PASSWORD.WRONG', status: 403, message: 'The current password is wrong.' },
  totpInvalid: { code: 'TOTP.INVALID', status: 400, message: 'The code is wrong or expired.' },
  totpNoEnrolment: { code: 'TOTP.NO_ENROLMENT', status: 409, message: 'No authenticator enrolment is waiting for confirmation; start again.' },
});
