// "Every request made while elevated is audited": the part every service shares. A global
// interceptor sees each request whose verified token says `elv: true` on the service's own routes
// (in the standalone shape one process serves several services, and each audits its own), lets the
// handler run, then has the service write one record — successful or refused (requests refused by
// validation are seen too, since the interceptor sits outside it). A successful answer is released
// only after its record is committed; a failed request answers with its own error even if the record
// could not be written. Only ids go in the record, never the token.
import { type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { type AccessIdentity, IDENTITY_REQUEST_PROPERTY } from '@webinar/security';
import type { FastifyRequest } from 'fastify';
import { catchError, concatMap, from, map, type Observable, throwError } from 'rxjs';
import { toErrorResponse } from './exception-filter';
import type { StructuredLogger } from './nest-logger';

export type ElevatedRequestOutcome = { outcome: 'ok' } | { outcome: 'failed'; status: number; code: string };

export abstract class ElevatedRequestAuditInterceptor implements NestInterceptor {
  /** The service's URL prefix without slashes ("auth", "cms"). */
  protected abstract readonly prefix: string;
  protected abstract readonly logger: StructuredLogger;

  /** Writes the record in its own transaction. `subject` is "METHOD /route/:pattern". */
  protected abstract record(identity: AccessIdentity, subject: string, outcome: ElevatedRequestOutcome): Promise<void>;

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest & Record<string, unknown>>();
    const identity = request[IDENTITY_REQUEST_PROPERTY] as AccessIdentity | undefined;
    const route = request.routeOptions.url;
    if (identity?.role !== 'root' || !identity.elevated || !route?.startsWith(`/${this.prefix}/`)) return next.handle();
    const subject = `${request.method} ${route}`;
    return next.handle().pipe(
      concatMap((result: unknown) => from(this.record(identity, subject, { outcome: 'ok' })).pipe(map(() => result))),
      catchError((error: unknown) => {
        const { status, body } = toErrorResponse(error);
        return from(
          this.record(identity, subject, { outcome: 'failed', status, code: body.code }).catch((auditError: unknown) => {
            this.logger.error({ err: auditError, userId: identity.userId, route: subject }, 'elevated request audit failed');
          }),
        ).pipe(concatMap(() => throwError(() => error)));
      }),
    );
  }
}
