// Seminars of one company. Writes happen only inside the caller's own company (from the token);
// reads go through row-level security, which lets elevated root see every company.
import { Inject, Injectable } from '@nestjs/common';
import { Events } from '@webinar/contracts';
import { enqueue } from '@webinar/messaging';
import { DATABASE, type Database, withTenant } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import { companyOf, tenantOf } from '../tenancy/tenant-of';
import { isVisibleTo, loadSeminar, toSeminarView } from './seminar-lookup';
import { appendAudit } from '../audit/audit-log';
import { STREAM_KEY_GRACE_SECONDS } from './stream-key-window';
import { canReopen, canTransition, isEditable, type SeminarState } from './seminar-state';
import type { Seminar } from './seminar.entity';
import { SeminarsStore } from './seminars-store';
import {
  CapacityBelowRegistrations,
  IllegalTransition,
  InvalidSchedule,
  ReopenNotAllowed,
  ReopenWindowPassed,
  SeminarNotEditable,
} from './seminar.errors';
import type { CreateSeminarBody, SeminarView, UpdateSeminarBody } from './seminar.schemas';
import { SeminarPrivileges } from './seminar-privileges';

@Injectable()
export class SeminarsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly seminars: SeminarsStore,
    private readonly privileges: SeminarPrivileges,
  ) {}

  async create(identity: AccessIdentity, body: CreateSeminarBody): Promise<SeminarView> {
    const companyId = companyOf(identity);
    const seminar = await withTenant(this.database.dataSource, { companyId }, (manager) =>
      this.seminars.insert(manager, {
        id: randomUUID(),
        companyId,
        title: body.title,
        description: body.description,
        startsAt: new Date(body.startsAt),
        endsAt: new Date(body.endsAt),
        timeZone: body.timeZone,
        capacity: body.capacity,
        registeredCount: 0,
        state: 'draft',
      }),
    );
    return toSeminarView(seminar);
  }

  async list(identity: AccessIdentity): Promise<SeminarView[]> {
    const seminars = await withTenant(this.database.dataSource, tenantOf(identity), (manager) => this.seminars.list(manager, 500));
    return seminars.filter((s) => isVisibleTo(identity, s)).map(toSeminarView);
  }

  async get(identity: AccessIdentity, id: string): Promise<SeminarView> {
    return withTenant(this.database.dataSource, tenantOf(identity), async (manager) =>
      toSeminarView(await loadSeminar(manager, this.seminars, identity, id)),
    );
  }

  async update(identity: AccessIdentity, id: string, patch: UpdateSeminarBody): Promise<SeminarView> {
    const companyId = companyOf(identity);
    return withTenant(this.database.dataSource, { companyId }, async (manager) => {
      const seminar = await loadSeminar(manager, this.seminars, identity, id, { forUpdate: true });
      if (!isEditable(seminar.state)) throw new SeminarNotEditable();
      if (patch.title !== undefined) seminar.title = patch.title;
      if (patch.description !== undefined) seminar.description = patch.description;
      if (patch.startsAt !== undefined) seminar.startsAt = new Date(patch.startsAt);
      if (patch.endsAt !== undefined) seminar.endsAt = new Date(patch.endsAt);
      if (patch.timeZone !== undefined) seminar.timeZone = patch.timeZone;
      if (patch.capacity !== undefined) {
        if (patch.capacity < seminar.registeredCount) throw new CapacityBelowRegistrations();
        seminar.capacity = patch.capacity;
      }
      if (seminar.endsAt.getTime() <= seminar.startsAt.getTime()) throw new InvalidSchedule();
      return toSeminarView(await this.seminars.save(manager, seminar));
    });
  }

  async transition(identity: AccessIdentity, id: string, to: SeminarState): Promise<SeminarView> {
    const companyId = companyOf(identity);
    return withTenant(this.database.dataSource, { companyId }, async (manager) => {
      // The row lock serialises concurrent transitions, so two "go live" clicks emit one event.
      const seminar = await loadSeminar(manager, this.seminars, identity, id, { forUpdate: true });
      if (!canTransition(seminar.state, to)) throw new IllegalTransition(seminar.state, to);
      seminar.state = to;
      const saved = await this.seminars.save(manager, seminar);
      await this.announce(manager, saved);
      return toSeminarView(saved);
    });
  }

  /**
   * Back from `ended` to `scheduled` (e.g. the stream lifecycle ended it after a presenter's crash
   * outlasted the reconnect grace window): the company's admin, or a presenter or moderator of the
   * seminar (with mfa, like every grant action), while the stream-key window (scheduled end + 1 h)
   * lasts. Audited; announced like a scheduling (cms.seminar.scheduled.v1), so the presenter's key
   * publishes again and the next stream.started takes it live.
   */
  async reopen(identity: AccessIdentity, id: string): Promise<SeminarView> {
    const companyId = companyOf(identity);
    return withTenant(this.database.dataSource, { companyId }, async (manager) => {
      const seminar = await loadSeminar(manager, this.seminars, identity, id, { forUpdate: true });
      const roles = identity.role === 'admin' ? [] : await this.privileges.rolesOf(manager, seminar.id, identity);
      if (identity.role !== 'admin' && !roles.includes('presenter') && !roles.includes('moderator')) throw new ReopenNotAllowed();
      if (!canReopen(seminar.state)) throw new IllegalTransition(seminar.state, 'scheduled');
      const now = new Date();
      if (seminar.endsAt.getTime() + STREAM_KEY_GRACE_SECONDS * 1000 <= now.getTime()) throw new ReopenWindowPassed();
      const from = seminar.state;
      seminar.state = 'scheduled';
      const saved = await this.seminars.save(manager, seminar);
      await this.announce(manager, saved);
      await appendAudit(manager, {
        companyId,
        actorId: identity.userId,
        action: 'cms.seminar.reopened',
        subject: `seminar:${saved.id}`,
        occurredAt: now,
        details: { from, to: saved.state, as: identity.role === 'admin' ? 'admin' : roles.join('+') },
      });
      return toSeminarView(saved);
    });
  }

  /** The state changes other services care about, written to the outbox in the same transaction. */
  private async announce(manager: EntityManager, s: Seminar): Promise<void> {
    const at = s.updatedAt.toISOString();
    const ids = { seminarId: s.id, companyId: s.companyId };
    if (s.state === 'scheduled') {
      await enqueue(manager, CMS_SCHEMA, Events.SeminarScheduled, {
        ...ids,
        title: s.title,
        startsAt: s.startsAt.toISOString(),
        endsAt: s.endsAt.toISOString(),
        scheduledAt: at,
      });
    } else if (s.state === 'live') {
      await enqueue(manager, CMS_SCHEMA, Events.SeminarLive, { ...ids, liveAt: at });
    } else if (s.state === 'ended') {
      await enqueue(manager, CMS_SCHEMA, Events.SeminarEnded, { ...ids, endedAt: at });
    }
  }
}
