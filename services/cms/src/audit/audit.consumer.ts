// Records other services' audit events and who joined and left which live session. Each message is
// handled behind the inbox (exactly one record per message id) and written in the company's own
// tenant scope; only platform events (no company) need root scope.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Events } from '@webinar/contracts';
import { LOGGER, MESSAGE_BUS, type StructuredLogger } from '@webinar/http';
import { idempotentHandler, type MessageBus, type Subscription } from '@webinar/messaging';
// The inbox handler owns the transaction: scope it like withTenant does.
import { DATABASE, type Database, scopeTransaction } from '@webinar/persistence';
import type { EntityManager } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import { appendAudit, type AuditRecordInput } from './audit-log';

export const AUDIT_CONSUMER = 'cms.audit';

@Injectable()
export class AuditConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly subscriptions: Subscription[] = [];

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: StructuredLogger,
  ) {}

  private record(manager: EntityManager, input: AuditRecordInput): Promise<void> {
    return scopeTransaction(
      manager,
      input.companyId === null ? { root: true, reason: 'audit' } : { companyId: input.companyId },
    ).then(() => appendAudit(manager, input).then(() => undefined));
  }

  async onApplicationBootstrap(): Promise<void> {
    const inbox = { dataSource: this.database.dataSource, schema: CMS_SCHEMA, logger: this.logger };
    this.subscriptions.push(
      await this.bus.subscribe(
        { queue: `${AUDIT_CONSUMER}.recorded`, events: [Events.AuditRecorded] },
        idempotentHandler<typeof Events.AuditRecorded>(
          { ...inbox, consumer: `${AUDIT_CONSUMER}.recorded` },
          (m, manager) =>
            this.record(manager, {
              companyId: m.payload.companyId,
              actorId: m.payload.actorId,
              action: m.payload.action,
              ...(m.payload.subject === undefined ? {} : { subject: m.payload.subject }),
              occurredAt: new Date(m.payload.at),
              details: m.payload.details,
            }),
        ),
      ),
      await this.bus.subscribe(
        { queue: `${AUDIT_CONSUMER}.viewers`, events: [Events.ViewerJoined, Events.ViewerLeft] },
        idempotentHandler<typeof Events.ViewerJoined | typeof Events.ViewerLeft>(
          { ...inbox, consumer: `${AUDIT_CONSUMER}.viewers` },
          (m, manager) => {
            const p = m.payload;
            const joined = 'joinedAt' in p;
            return this.record(manager, {
              companyId: p.companyId,
              actorId: p.userId,
              action: joined ? 'stream.viewer.joined' : 'stream.viewer.left',
              subject: `seminar:${p.seminarId}`,
              occurredAt: new Date(joined ? p.joinedAt : p.leftAt),
              details: { viewerSessionId: p.viewerSessionId },
            });
          },
        ),
      ),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    for (const subscription of this.subscriptions.splice(0)) await subscription.cancel();
  }
}
