// Which callers must hold an mfa token (a session opened with password + second factor) on a route.
// Closed by default: a route that says nothing still demands mfa of root and admin, so a privileged
// route cannot be added without mfa by forgetting to ask for it; only an explicit `mfa: false` on the
// route lifts that. Per-seminar rights (presenter, moderator) are not global roles, so the guard cannot
// see them: a route they enable says `mfa: true`, and the code that checks a grant calls `assertMfa`.
import { ForbiddenException } from '@nestjs/common';
import { type AccessIdentity, PRIVILEGED_ROLES } from './access-identity';
import { mfaRequiredBody } from './auth-error-bodies';
import type { AccessPolicy } from './decorators';

/** Whether this caller needs `mfa` under the route's policy (undefined: a route with no declaration). */
export function mfaRequired(policy: AccessPolicy | undefined, identity: Pick<AccessIdentity, 'role'>): boolean {
  if (policy?.mfa !== undefined) return policy.mfa;
  return PRIVILEGED_ROLES.includes(identity.role);
}

/** 403 `AUTH.MFA_REQUIRED` unless the token came from a password + second factor session. */
export function assertMfa(identity: Pick<AccessIdentity, 'mfa'>): void {
  if (identity.mfa !== true) throw new ForbiddenException(mfaRequiredBody());
}
