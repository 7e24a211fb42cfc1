// Access declarations on controllers and handlers. Every route is either explicitly public or covered
// by a policy; @webinar/http's route audit reads the same metadata keys to prove it in tests.
import {
  createParamDecorator,
  type CustomDecorator,
  type ExecutionContext,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { type AccessIdentity, type GlobalRole, IDENTITY_REQUEST_PROPERTY } from './access-identity';
import { unauthenticatedBody } from './auth-error-bodies';

export const IS_PUBLIC = 'security:public';
export const ACCESS_POLICY = 'security:policy';

export interface AccessPolicy {
  /** When present, the caller's role must be one of these. */
  roles?: readonly GlobalRole[];
  /**
   * Whether the caller's token must say `mfa` (a password + TOTP session); see `mfaRequired`.
   * `true`: every caller (actions a per-seminar grant enables). `false`: nobody — a recorded decision
   * that the route is not privileged. Absent: callers with a privileged global role (root, admin).
   */
  mfa?: boolean;
}

/** What a route says beyond its roles. */
export interface AccessOptions {
  mfa?: boolean;
}

function isAccessOptions(value: GlobalRole | AccessOptions): value is AccessOptions {
  return typeof value === 'object' && value !== null;
}

/** No token needed. On a handler it overrides a policy on its controller, and the other way round. */
export const Public = (): CustomDecorator<string> => SetMetadata(IS_PUBLIC, true);

/**
 * Any authenticated caller whose global role is one of `roles`; options last:
 * `@RequireRoles('admin')` (root/admin callers need mfa, the fail-closed default),
 * `@RequireRoles('admin', 'customer', { mfa: false })` (an explicit decision that nobody does).
 */
export const RequireRoles = (...args: GlobalRole[] | [...GlobalRole[], AccessOptions]): CustomDecorator<string> => {
  const all: readonly (GlobalRole | AccessOptions)[] = args;
  const last = all.at(-1);
  const options = last !== undefined && isAccessOptions(last) ? last : undefined;
  const roles = all.filter((arg): arg is GlobalRole => !isAccessOptions(arg));
  if (roles.length === 0) throw new Error('RequireRoles needs at least one role.');
  if (roles.length + (options ? 1 : 0) !== all.length) throw new Error('RequireRoles takes its options last.');
  const policy: AccessPolicy = { roles: Object.freeze([...roles]), ...optionsOf(options ?? {}) };
  return SetMetadata(ACCESS_POLICY, policy);
};

/**
 * Any authenticated caller, whatever the role: says so explicitly for the route audit. Root and admin
 * callers still need mfa unless `{ mfa: false }`; `{ mfa: true }` demands it of every caller.
 */
export const Authenticated = (options: AccessOptions = {}): CustomDecorator<string> =>
  SetMetadata(ACCESS_POLICY, optionsOf(options) satisfies AccessPolicy);

/** Only the keys a policy knows, and `mfa` only when it was decided (absent keeps the default). */
function optionsOf(options: AccessOptions): Pick<AccessPolicy, 'mfa'> {
  return typeof options.mfa === 'boolean' ? { mfa: options.mfa } : {};
}

/** The identity the guard attached; a route without one (public) gets a 401 rather than undefined. */
export const CurrentIdentity = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AccessIdentity => {
    const request = context.switchToHttp().getRequest<Record<string, unknown>>();
    const identity = request[IDENTITY_REQUEST_PROPERTY] as AccessIdentity | undefined;
    if (!identity) throw new UnauthorizedException(unauthenticatedBody());
    return identity;
  },
);
