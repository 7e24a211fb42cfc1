import { AppError } from '@webinar/http';

export const AuthErrorCodes = {
  linkInvalid: 'LINK.INVALID',
  csrf: 'AUTH.CSRF_REFUSED',
  sessionNotFound: 'SESSION.NOT_FOUND',
  userNotFound: 'USER.NOT_FOUND',
  rateLimited: 'RATE.LIMITED',
  loginFailed: 'AUTH.LOGIN_FAILED',
  loginBackoff: 'AUTH.LOGIN_BACKOFF',
  reauthenticationRequired: 'AUTH.REAUTHENTICATION_REQUIRED',
  passwordTooShort: 'PASSWORD.TOO_SHORT',
  passwordTooLong: 'PASSWORD.TOO_LONG',
  passwordContainsEmail: 'PASSWORD.CONTAINS_EMAIL',
  passwordCommon: 'PASSWORD.COMMON',
  passwordAlreadySet: 'PASSWORD.ALREADY_SET',
  passwordNotSet: 'PASSWORD.NOT_SET',
  passwordWrong: 'PASSWORD.WRONG',
  totpInvalid: 'TOTP.INVALID',
  totpNoEnrolment: 'TOTP.NO_ENROLMENT',
  elevationRequired: 'AUTH.ELEVATION_REQUIRED',
  elevationNotFound: 'ELEVATION.NOT_FOUND',
  elevationSelfApproval: 'ELEVATION.SELF_APPROVAL',
  elevationNotOpen: 'ELEVATION.NOT_OPEN',
  elevationAlreadyOpen: 'ELEVATION.ALREADY_OPEN',
  elevationTooLong: 'ELEVATION.DURATION_TOO_LONG',
  breakGlassDisabled: 'ELEVATION.BREAK_GLASS_DISABLED',
  breakGlassRefused: 'ELEVATION.BREAK_GLASS_REFUSED',
  campaignNotFound: 'CAMPAIGN.NOT_FOUND',
  campaignInvalidExpiry: 'CAMPAIGN.INVALID_EXPIRY',
  campaignCompanyRequired: 'CAMPAIGN.COMPANY_REQUIRED',
  campaignOtherCompany: 'CAMPAIGN.OTHER_COMPANY',
  campaignUnknownCompany: 'CAMPAIGN.UNKNOWN_COMPANY',
} as const;

/**
 * One answer for every refused link (bad crypto, expired, used, revoked, too many attempts): telling
 * them apart would give an attacker an oracle, and the user's remedy is the same (ask for a new one).
 */
export class LinkInvalid extends AppError {
  constructor() {
    super(AuthErrorCodes.linkInvalid, 400, 'This link is invalid, expired or already used. Ask for a new one.');
  }
}

export class CsrfRefused extends AppError {
  constructor() {
    super(AuthErrorCodes.csrf, 403, 'Cross-site request refused.');
  }
}

export class SessionNotFound extends AppError {
  constructor() {
    super(AuthErrorCodes.sessionNotFound, 404, 'No such session.');
  }
}

export class UserNotFound extends AppError {
  constructor() {
    super(AuthErrorCodes.userNotFound, 404, 'No such user.');
  }
}

export class RateLimited extends AppError {
  constructor() {
    super(AuthErrorCodes.rateLimited, 429, 'Too many requests; slow down.');
  }
}

/** Root acts on company data only while elevated (same code as cms). */
export class ElevationRequired extends AppError {
  constructor() {
    super(AuthErrorCodes.elevationRequired, 403, 'Root must be elevated to act on company data.');
  }
}

export class ElevationNotFound extends AppError {
  constructor() {
    super(AuthErrorCodes.elevationNotFound, 404, 'No such elevation.');
  }
}

export class ElevationSelfApproval extends AppError {
  constructor() {
    super(AuthErrorCodes.elevationSelfApproval, 403, 'Another root must decide on an elevation request (or use break-glass).');
  }
}

/** Already decided, ended, expired or lapsed: nothing left to approve, deny or end. */
export class ElevationNotOpen extends AppError {
  constructor() {
    super(AuthErrorCodes.elevationNotOpen, 409, 'This elevation is no longer open.');
  }
}

export class ElevationAlreadyOpen extends AppError {
  constructor() {
    super(AuthErrorCodes.elevationAlreadyOpen, 409, 'You already have a pending or active elevation.');
  }
}

export class ElevationTooLong extends AppError {
  constructor(maxSeconds: number) {
    super(AuthErrorCodes.elevationTooLong, 400, `An elevation lasts at most ${maxSeconds} seconds.`, { maxSeconds });
  }
}

export class BreakGlassDisabled extends AppError {
  constructor() {
    super(AuthErrorCodes.breakGlassDisabled, 403, 'Break-glass is not configured on this installation.');
  }
}

export class BreakGlassRefused extends AppError {
  constructor() {
    super(AuthErrorCodes.breakGlassRefused, 403, 'Break-glass refused.');
  }
}

export class CampaignNotFound extends AppError {
  constructor() {
    super(AuthErrorCodes.campaignNotFound, 404, 'No such campaign.');
  }
}

export class CampaignInvalidExpiry extends AppError {
  constructor(maxDays: number) {
    super(AuthErrorCodes.campaignInvalidExpiry, 400, `A campaign must expire in the future and within ${maxDays} days.`, { maxDays });
  }
}

export class CampaignCompanyRequired extends AppError {
  constructor() {
    super(AuthErrorCodes.campaignCompanyRequired, 400, 'Root must name the company of the campaign.');
  }
}

export class CampaignOtherCompany extends AppError {
  constructor() {
    super(AuthErrorCodes.campaignOtherCompany, 403, 'An admin creates campaigns for their own company only.');
  }
}

export class CampaignUnknownCompany extends AppError {
  constructor() {
    super(AuthErrorCodes.campaignUnknownCompany, 400, 'No such company.');
  }
}

/**
 * One answer for every refused password login — unknown address, wrong password, missing or wrong
 * code, account without a second factor — so that the answer is no oracle (ASVS 6.3.8).
 */
export class LoginFailed extends AppError {
  constructor() {
    super(AuthErrorCodes.loginFailed, 401, 'The e-mail address, password or code is wrong.');
  }
}

/** The account is backing off after failed attempts; `retryAfterSeconds` goes in `Retry-After`. */
export class LoginBackoff extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(AuthErrorCodes.loginBackoff, 429, 'Too many failed attempts; wait before trying again.');
  }
}

/** The session is too old for this change: sign in again (a fresh link) and retry. */
export class ReauthenticationRequired extends AppError {
  constructor() {
    super(AuthErrorCodes.reauthenticationRequired, 403, 'Sign in again to do this.');
  }
}

const PASSWORD_MESSAGES = {
  [AuthErrorCodes.passwordTooShort]: 'The password must have at least 12 characters.',
  [AuthErrorCodes.passwordTooLong]: 'The password must have at most 128 characters.',
  [AuthErrorCodes.passwordContainsEmail]: 'The password must not contain your e-mail address.',
  [AuthErrorCodes.passwordCommon]: 'This password is too common; choose another.',
} as const;

/** A new password breaks the policy (see credentials/password-policy.ts). */
export class PasswordRefused extends AppError {
  constructor(code: keyof typeof PASSWORD_MESSAGES) {
    super(code, 400, PASSWORD_MESSAGES[code]);
  }
}

export class PasswordAlreadySet extends AppError {
  constructor() {
    super(AuthErrorCodes.passwordAlreadySet, 409, 'A password is already set; change it with the current one.');
  }
}

export class PasswordNotSet extends AppError {
  constructor() {
    super(AuthErrorCodes.passwordNotSet, 409, 'Set a password first.');
  }
}

/** The current password given to confirm a change is wrong. */
export class PasswordWrong extends AppError {
  constructor() {
    super(AuthErrorCodes.passwordWrong, 403, 'The current password is wrong.');
  }
}

export class TotpInvalid extends AppError {
  constructor() {
    super(AuthErrorCodes.totpInvalid, 400, 'The code is wrong or expired.');
  }
}

export class TotpNoEnrolment extends AppError {
  constructor() {
    super(AuthErrorCodes.totpNoEnrolment, 409, 'No authenticator enrolment is waiting for confirmation; start again.');
  }
}
