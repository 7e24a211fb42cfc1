// Root may read any company's data while elevated; each such read leaves a record in the platform
// audit chain (who, which route, when), written after the read succeeded.
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { DATABASE, type Database, withTenant } from '@webinar/persistence';
import { type AccessIdentity, IDENTITY_REQUEST_PROPERTY } from '@webinar/security';
import type { FastifyRequest } from 'fastify';
import { from, type Observable, switchMap } from 'rxjs';
import { appendAudit } from './audit-log';

@Injectable()
export class ElevatedReadAuditInterceptor implements NestInterceptor {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & Record<string, unknown>>();
    const identity = request[IDENTITY_REQUEST_PROPERTY] as AccessIdentity | undefined;
    if (identity?.role !== 'root' || !identity.elevated || request.method !== 'GET') return next.handle();
    const route = request.routeOptions.url ?? 'unknown';
    return next.handle().pipe(
      switchMap((result: unknown) =>
        from(
          withTenant(this.database.dataSource, { root: true, reason: 'audit elevated read' }, (manager) =>
            appendAudit(manager, {
              companyId: null,
              actorId: identity.userId,
              action: 'cms.elevated-read',
              subject: `GET ${route}`,
              occurredAt: new Date(),
              details: { sessionId: identity.sessionId },
            }),
          ).then(() => result),
        ),
      ),
    );
  }
}
