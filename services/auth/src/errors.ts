import { AppError } from '@webinar/http';

export const AuthErrorCodes = {
  linkInvalid: 'LINK.INVALID',
  csrf: 'AUTH.CSRF_REFUSED',
  sessionNotFound: 'SESSION.NOT_FOUND',
  userNotFound: 'USER.NOT_FOUND',
  rateLimited: 'RATE.LIMITED',
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
