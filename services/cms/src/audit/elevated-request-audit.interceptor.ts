// Root may act on any company's data while elevated; every request made so (issue #7: any method,
// successful or refused) leaves a record in the platform audit chain: who, which route, which
// session, the outcome. Registered globally (APP_INTERCEPTOR) so that every cms controller, present
// and future, is covered and requests refused by validation are seen too; it acts on `/cms/` routes
// only, because in the standalone shape the same process also serves auth, which audits its own.
// The record is appended in its own transaction once the handler is done (the services open their
// own transactions); a successful answer is released only after its record is committed.
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { LOGGER, type StructuredLogger, toErrorResponse } from '@webinar/http';
import { DATABASE, type Database, withTenant } from '@webinar/persistence';
import { type AccessIdentity, IDENTITY_REQUEST_PROPERTY } from '@webinar/security';
import type { FastifyRequest } from 'fastify';
import { catchError, concatMap, from, map, type Observable, throwError } from 'rxjs';
import { CMS_PREFIX } from '../cms.constants';
import { appendAudit } from './audit-log';

export const ELEVATED_REQUEST_ACTION = 'cms.elevated-request';

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
    if (identity?.role !== 'root' || !identity.elevated || !route?.startsWith(`/${CMS_PREFIX}/`)) return next.handle();
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

  private async record(identity: AccessIdentity, subject: string, outcome: Outcome): Promise<void> {
    await withTenant(this.database.dataSource, { root: true, reason: 'audit elevated request' }, (manager) =>
      appendAudit(manager, {
        companyId: null,
        actorId: identity.userId,
        action: ELEVATED_REQUEST_ACTION,
        subject,
        occurredAt: new Date(),
        details: { sessionId: identity.sessionId, ...outcome },
      }),
    );
  }
}
