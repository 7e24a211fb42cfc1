// What polls must know from cms, kept as local replicas so an access check is one indexed read in
// polls's own database. Durable queues (one per replica), each message behind the inbox and scoped to
// the payload's company; every write is conditional on the event's time, so redelivery and
// out-of-order delivery converge on the newest state.
import { Inject, Injectable } from '@nestjs/common';
import { Events } from '@webinar/contracts';
import { byCompany, LOGGER, OnMessage, type StructuredLogger } from '@webinar/http';
import type { Envelope } from '@webinar/messaging';
import type { EntityManager } from 'typeorm';
import { GrantsStore } from './grants-store';
import { RegistrationsStore } from './registrations-store';
import { SeminarsStore } from './seminars-store';

export const POLLS_SEMINARS_CONSUMER = 'polls.seminars';
export const POLLS_REGISTRATIONS_CONSUMER = 'polls.registrations';
export const POLLS_GRANTS_CONSUMER = 'polls.grants';

@Injectable()
export class ReplicasConsumer {
  constructor(
    @Inject(LOGGER) private readonly logger: StructuredLogger,
    private readonly seminars: SeminarsStore,
    private readonly registrations: RegistrationsStore,
    private readonly grants: GrantsStore,
  ) {}

  @OnMessage(Events.SeminarScheduled, { queue: POLLS_SEMINARS_CONSUMER, tenant: byCompany })
  async seminarScheduled(message: Envelope<typeof Events.SeminarScheduled>, manager: EntityManager): Promise<void> {
    const p = message.payload;
    await this.seminars.applyScheduled(manager, {
      id: p.seminarId,
      companyId: p.companyId,
      title: p.title,
      startsAt: new Date(p.startsAt),
      endsAt: p.endsAt === null ? null : new Date(p.endsAt),
      at: new Date(p.scheduledAt),
    });
    this.applied(message, { seminarId: p.seminarId });
  }

  @OnMessage(Events.SeminarLive, { queue: POLLS_SEMINARS_CONSUMER, tenant: byCompany })
  async seminarLive(message: Envelope<typeof Events.SeminarLive>, manager: EntityManager): Promise<void> {
    const p = message.payload;
    await this.seminars.applyState(manager, { id: p.seminarId, companyId: p.companyId, state: 'live', at: new Date(p.liveAt) });
    this.applied(message, { seminarId: p.seminarId });
  }

  @OnMessage(Events.SeminarEnded, { queue: POLLS_SEMINARS_CONSUMER, tenant: byCompany })
  async seminarEnded(message: Envelope<typeof Events.SeminarEnded>, manager: EntityManager): Promise<void> {
    const p = message.payload;
    await this.seminars.applyState(manager, { id: p.seminarId, companyId: p.companyId, state: 'ended', at: new Date(p.endedAt) });
    this.applied(message, { seminarId: p.seminarId });
  }

  @OnMessage(Events.RegistrationCreated, { queue: POLLS_REGISTRATIONS_CONSUMER, tenant: byCompany })
  async registrationCreated(message: Envelope<typeof Events.RegistrationCreated>, manager: EntityManager): Promise<void> {
    const p = message.payload;
    await this.registrations.apply(manager, { ...p, active: true, at: new Date(p.createdAt) });
    this.applied(message, { seminarId: p.seminarId });
  }

  @OnMessage(Events.RegistrationCancelled, { queue: POLLS_REGISTRATIONS_CONSUMER, tenant: byCompany })
  async registrationCancelled(message: Envelope<typeof Events.RegistrationCancelled>, manager: EntityManager): Promise<void> {
    const p = message.payload;
    await this.registrations.apply(manager, { ...p, active: false, at: new Date(p.cancelledAt) });
    this.applied(message, { seminarId: p.seminarId });
  }

  @OnMessage(Events.GrantChanged, { queue: POLLS_GRANTS_CONSUMER, tenant: byCompany })
  async grantChanged(message: Envelope<typeof Events.GrantChanged>, manager: EntityManager): Promise<void> {
    const p = message.payload;
    await this.grants.replace(manager, { companyId: p.companyId, userId: p.userId, seminarId: p.seminarId, roles: p.roles, at: new Date(p.changedAt) });
    this.applied(message, { seminarId: p.seminarId });
  }

  private applied(message: { id: string; name: string }, context: { seminarId: string | null }): void {
    this.logger.debug({ ...context, messageId: message.id, event: message.name }, 'replica updated');
  }
}
