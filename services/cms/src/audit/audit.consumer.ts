// Records other services' audit events and who joined and left which live session. Each message is
// handled behind the inbox (exactly one record per message id) and written in the company's own
// tenant scope; only platform events (no company) get root scope, declared as such.
import { Injectable } from '@nestjs/common';
import { type AuditRecordedPayload, type EventPayload, Events } from '@webinar/contracts';
import { byCompany, OnMessage } from '@webinar/http';
import { type Envelope } from '@webinar/messaging';
import type { TenantContext } from '@webinar/persistence';
import type { EntityManager } from 'typeorm';
import { appendAudit, type AuditRecordInput } from './audit-log';

export const AUDIT_CONSUMER = 'cms.audit';
const RECORDED_QUEUE = `${AUDIT_CONSUMER}.recorded`;
const VIEWERS_QUEUE = `${AUDIT_CONSUMER}.viewers`;

/** A company's event in its own scope; a platform event (no company) in root scope. */
function auditTenant(payload: AuditRecordedPayload): TenantContext {
  return payload.companyId === null ? { root: true, reason: 'audit' } : { companyId: payload.companyId };
}

type ViewerPayload = EventPayload<typeof Events.ViewerJoined> | EventPayload<typeof Events.ViewerLeft>;

function viewerEntry(payload: ViewerPayload, action: string, at: string): AuditRecordInput {
  return {
    companyId: payload.companyId,
    actorId: payload.userId,
    action,
    subject: `seminar:${payload.seminarId}`,
    occurredAt: new Date(at),
    details: { viewerSessionId: payload.viewerSessionId },
  };
}

@Injectable()
export class AuditConsumer {
  @OnMessage(Events.AuditRecorded, { queue: RECORDED_QUEUE, tenant: auditTenant })
  async recorded({ payload }: Envelope<typeof Events.AuditRecorded>, manager: EntityManager): Promise<void> {
    await appendAudit(manager, {
      companyId: payload.companyId,
      actorId: payload.actorId,
      action: payload.action,
      ...(payload.subject === undefined ? {} : { subject: payload.subject }),
      occurredAt: new Date(payload.at),
      details: payload.details,
    });
  }

  @OnMessage(Events.ViewerJoined, { queue: VIEWERS_QUEUE, tenant: byCompany })
  async viewerJoined({ payload }: Envelope<typeof Events.ViewerJoined>, manager: EntityManager): Promise<void> {
    await appendAudit(manager, viewerEntry(payload, 'stream.viewer.joined', payload.joinedAt));
  }

  @OnMessage(Events.ViewerLeft, { queue: VIEWERS_QUEUE, tenant: byCompany })
  async viewerLeft({ payload }: Envelope<typeof Events.ViewerLeft>, manager: EntityManager): Promise<void> {
    await appendAudit(manager, viewerEntry(payload, 'stream.viewer.left', payload.leftAt));
  }
}
