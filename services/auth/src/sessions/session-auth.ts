// Routes authenticated by the session cookie rather than by an access token (whoami, logout, session
// list, token exchange). The platform guard only knows bearer tokens, so these routes are @Public()
// to it and SessionGuard does the work: it checks the cookie against the database (so a revoked or
// expired session stops at once, not after a token lifetime) and refuses cross-site state changes.
import {
  applyDecorators,
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Inject,
  Injectable,
  UseGuards,
} from '@nestjs/common';
import { HttpErrors, Refuses } from '@webinar/http';
import { Public } from '@webinar/security';
import type { FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { SESSION_COOKIE } from '../auth.constants';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.options';
import { SessionErrors } from './session.errors';
import { isSameOriginRequest } from './same-origin';
import { type SessionContext, SessionsService } from './sessions.service';

const SESSION_REQUEST_PROPERTY = 'authSession';

type RequestWithSession = FastifyRequest & { [SESSION_REQUEST_PROPERTY]?: SessionContext };

/** Refuses a state-changing request that does not come from our own origin. */
@Injectable()
export class SameOriginGuard implements CanActivate {
  constructor(@Inject(AUTH_SETTINGS) private readonly settings: AuthSettings) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!isSameOriginRequest(request.method, request.headers, this.settings.publicOrigin)) throw SessionErrors.csrfRefused();
    return true;
  }
}

@Injectable()
export class SessionGuard implements CanActivate {
  constructor(private readonly sessions: SessionsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithSession>();
    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await this.sessions.authenticate(token) : undefined;
    if (!session) throw HttpErrors.unauthenticated();
    request[SESSION_REQUEST_PROPERTY] = session;
    return true;
  }
}

/** Public to the access-token guard; same-origin check first, then the session cookie. */
export const SessionAuth = (): MethodDecorator & ClassDecorator =>
  applyDecorators(Public(), UseGuards(SameOriginGuard, SessionGuard), Refuses(SessionErrors.csrfRefused, HttpErrors.unauthenticated));

/** Public, no session needed, but a state change must still come from our origin (login CSRF). */
export const SameOriginPublic = (): MethodDecorator & ClassDecorator =>
  applyDecorators(Public(), UseGuards(SameOriginGuard), Refuses(SessionErrors.csrfRefused));

export const CurrentSession = createParamDecorator((_data: unknown, context: ExecutionContext): SessionContext => {
  const session = context.switchToHttp().getRequest<RequestWithSession>()[SESSION_REQUEST_PROPERTY];
  if (!session) throw HttpErrors.unauthenticated();
  return session;
});
