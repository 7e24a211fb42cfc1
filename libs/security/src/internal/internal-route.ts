// Internal routes: called by another service of ours (the media tier), never by a person. They carry
// no access token, so the access guard lets them through (`@Public()` for it), and their one policy is
// the internal credential, checked here before anything else: 401 `INTERNAL.UNAUTHENTICATED` without
// a valid signature, and for every request when the service has no secret configured (closed by
// default). The route audit lists them as internal; nginx never forwards their prefix.
import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  Optional,
  SetMetadata,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { internalUnauthenticatedBody } from '../guard/auth-error-bodies';
import { IS_PUBLIC } from '../guard/decorators';
import type { InternalCredential } from './internal-credential';

/** Metadata key the route audit (@webinar/http) reads. */
export const INTERNAL_ROUTE = 'security:internal';
/** Injection token of the service's InternalCredential (absent: every internal request is refused). */
export const INTERNAL_CREDENTIAL = Symbol('security:internal-credential');
/** Where the guard leaves the verified caller's name on the request. */
export const INTERNAL_CALLER_PROPERTY = 'internalCaller';


interface RequestLike {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  [INTERNAL_CALLER_PROPERTY]?: string;
}

@Injectable()
export class InternalRequestGuard implements CanActivate {
  constructor(@Optional() @Inject(INTERNAL_CREDENTIAL) private readonly credential?: InternalCredential | null) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') throw new UnauthorizedException(internalUnauthenticatedBody());
    const request = context.switchToHttp().getRequest<RequestLike>();
    const caller = this.credential?.verify(request.headers, request.method, request.url, request.body);
    if (!caller) throw new UnauthorizedException(internalUnauthenticatedBody());
    request[INTERNAL_CALLER_PROPERTY] = caller;
    return true;
  }
}

/** A route for our own services only (see the file comment). */
export const InternalRoute = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), SetMetadata(INTERNAL_ROUTE, true), UseGuards(InternalRequestGuard));
