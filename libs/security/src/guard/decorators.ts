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
}

/** No token needed. On a handler it overrides a policy on its controller, and the other way round. */
export const Public = (): CustomDecorator<string> => SetMetadata(IS_PUBLIC, true);

/** Any authenticated caller whose global role is one of `roles`. */
export const RequireRoles = (...roles: GlobalRole[]): CustomDecorator<string> => {
  if (roles.length === 0) throw new Error('RequireRoles needs at least one role.');
  const policy: AccessPolicy = { roles: Object.freeze([...roles]) };
  return SetMetadata(ACCESS_POLICY, policy);
};

/** Any authenticated caller, whatever the role: says so explicitly for the route audit. */
export const Authenticated = (): CustomDecorator<string> =>
  SetMetadata(ACCESS_POLICY, {} satisfies AccessPolicy);

/** The identity the guard attached; a route without one (public) gets a 401 rather than undefined. */
export const CurrentIdentity = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AccessIdentity => {
    const request = context.switchToHttp().getRequest<Record<string, unknown>>();
    const identity = request[IDENTITY_REQUEST_PROPERTY] as AccessIdentity | undefined;
    if (!identity) throw new UnauthorizedException(unauthenticatedBody());
    return identity;
  },
);
