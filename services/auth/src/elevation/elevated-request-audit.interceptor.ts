// "Every request made while elevated is audited" (issue #7), for auth's own routes: each request whose
// verified access token says `elv: true` becomes an `auth.elevated-request` record (who, method and
// route pattern, session, outcome), successful or not. Registered globally (APP_INTERCEPTOR), so it
// sits outside request validation and sees refused requests too; it only acts on `/auth/` routes,
// because in the standalone shape the same process also serves cms, which audits its own.
// The record is written in its own transaction once the handler is done: the handlers open their
// own transactions, so joining them is not practical. A successful answer is released only after its
// record is committed; the token itself is never recorded, only ids.
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { LOGGER, type StructuredLogger, toErrorResponse } from '@webinar/http';
import { DATABASE, type Database } from '@webinar/persistence';
import { type AccessIdentity, IDENTITY_REQUEST_PROPERTY } from '@webinar/security';
import type { FastifyRequest } from 'fastify';
import { catchError, concatMap, from, map, type Observable, throwError } from 'rxjs';
import { AUTH_PREFIX } from '../auth.constants';
import { AuthAuditActions, recordAuthEvent } from '../audit/auth-audit';
import { asAuthSystem } from '../system-tx';

type Outcome = { outcome: 'ok' } | { outcome: 'failed'; status: number; code: string };

@Injectable()
export class ElevatedRequestAuditInterceptor implements NestInterceptor {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: StructuredLogger,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest & Record<string, unknown>>();
    const identity = request[IDENTITY_REQUEST_PROPERTY] as AccessIdentity | undefined;
    const route = request.routeOptions.url;
    if (!identity?.elevated || !route?.startsWith(`/${AUTH_PREFIX}/`)) return next.handle();
    const subject = `${request.method} ${route}`;
    return next.handle().pipe(
      concatMap((result: unknown) => from(this.record(identity, subject, { outcome: 'ok' })).pipe(map(() => result))),
      catchError((error: unknown) => {
        const { status, body } = toErrorResponse(error);
        return from(
          this.record(identity, subject, { outcome: 'failed', status, code: body.code }).catch((auditError: unknown) => {
            // The request already failed; its own error is the one to answer with.
            this.logger.error({ err: auditError, userId: identity.userId, route: subject }, 'elevated request audit failed');
          }),
        ).pipe(concatMap(() => throwError(() => error)));
      }),
    );
  }

  private record(identity: AccessIdentity, subject: string, outcome: Outcome): Promise<void> {
    return asAuthSystem(this.database, 'elevated-request-audit', (manager) =>
      recordAuthEvent(manager, {
        action: AuthAuditActions.elevatedRequest,
        actorId: identity.userId,
        companyId: null,
        subject,
        details: { sessionId: identity.sessionId, ...outcome },
      }),
    );
  }
}
