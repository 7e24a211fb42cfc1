// The one guard every service runs (as APP_GUARD): deny by default, let @Public() through, else
// authenticate the bearer token through passport and enforce the route's @RequireRoles policy and
// its mfa requirement (mfa-policy.ts: root and admin need an mfa token unless the route says not).
import {
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { TokenError } from '../errors/token-error';
import { type AccessIdentity, IDENTITY_REQUEST_PROPERTY } from './access-identity';
import { AccessTokenVerifier } from './access-token-verifier';
import { VERIFIER_OPTION } from './access-token.strategy';
import { forbiddenBody, mfaRequiredBody, unauthenticatedBody, unavailableBody } from './auth-error-bodies';
import { ACCESS_POLICY, type AccessPolicy, IS_PUBLIC } from './decorators';
import { ACCESS_TOKEN_STRATEGY, ACCESS_TOKEN_VERIFIER } from './injection-tokens';
import { mfaRequired } from './mfa-policy';

type Declaration = { kind: 'public' } | { kind: 'policy'; policy: AccessPolicy } | { kind: 'none' };

@Injectable()
export class AccessGuard extends AuthGuard(ACCESS_TOKEN_STRATEGY) {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ACCESS_TOKEN_VERIFIER) private readonly verifier: AccessTokenVerifier,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const declaration = this.declarationOf(context);
    if (declaration.kind === 'public') return true;
    // Only HTTP requests carry a bearer token; any other transport must be declared public explicitly.
    if (context.getType() !== 'http') throw new ForbiddenException(forbiddenBody());

    // AuthGuard runs passport, which runs AccessTokenStrategy, which sets request.identity.
    await (super.canActivate(context) as Promise<boolean>);
    const identity = context.switchToHttp().getRequest<Record<string, unknown>>()[
      IDENTITY_REQUEST_PROPERTY
    ] as AccessIdentity | undefined;
    if (!identity) throw new UnauthorizedException(unauthenticatedBody());

    const policy = declaration.kind === 'policy' ? declaration.policy : undefined;
    if (policy?.roles && !policy.roles.includes(identity.role)) throw new ForbiddenException(forbiddenBody());
    // After the role check: someone who may not do this at all learns nothing about mfa.
    if (mfaRequired(policy, identity) && !identity.mfa) throw new ForbiddenException(mfaRequiredBody());
    return true;
  }

  override getAuthenticateOptions(): Record<string, unknown> {
    return { session: false, property: IDENTITY_REQUEST_PROPERTY, [VERIFIER_OPTION]: this.verifier };
  }

  override handleRequest<TUser = AccessIdentity>(error: unknown, user: unknown): TUser {
    if (error instanceof TokenError) {
      if (error.code === 'TOKEN.KEYS_UNAVAILABLE') throw new ServiceUnavailableException(unavailableBody());
      throw new UnauthorizedException(unauthenticatedBody());
    }
    if (error instanceof Error) throw error;
    if (error) throw new Error('The access-token strategy failed with a non-Error value.');
    if (!user) throw new UnauthorizedException(unauthenticatedBody());
    return user as TUser;
  }

  /** The most specific declaration wins: the handler's, else its controller's. */
  private declarationOf(context: ExecutionContext): Declaration {
    for (const target of [context.getHandler(), context.getClass()]) {
      if (this.reflector.get<boolean | undefined>(IS_PUBLIC, target) === true) return { kind: 'public' };
      const policy = this.reflector.get<AccessPolicy | undefined>(ACCESS_POLICY, target);
      if (policy) return { kind: 'policy', policy };
    }
    return { kind: 'none' };
  }
}
