// A prospect or customer registers themself for a seminar of their own company. Capacity holds under
// concurrency because the seat is taken by one conditional UPDATE on the seminar row
// (registered_count < capacity), which PostgreSQL serialises on the row lock.
import { Inject, Injectable } from '@nestjs/common';
import { Events } from '@webinar/contracts';
import { enqueue } from '@webinar/messaging';
import { DATABASE, type Database, withTenant } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import { loadSeminar } from '../seminars/seminar-lookup';
import { acceptsRegistrations } from '../seminars/seminar-state';
import { Seminar } from '../seminars/seminar.entity';
import { companyOf, tenantOf } from '../tenancy/tenant-of';
import { Registration } from './registration.entity';
import { AlreadyRegistered, RegistrationClosed, RegistrationNotFound, SeminarFull } from './registration.errors';

export interface RegistrationView {
  id: string;
  seminarId: string;
  userId: string;
  createdAt: string;
}

function toView(r: Registration): RegistrationView {
  return { id: r.id, seminarId: r.seminarId, userId: r.userId, createdAt: r.createdAt.toISOString() };
}

async function adjustSeats(manager: EntityManager, seminarId: string, delta: 1 | -1): Promise<boolean> {
  const query = manager
    .createQueryBuilder()
    .update(Seminar)
    .set({ registeredCount: () => `registered_count + (${delta})` })
    .where('id = :seminarId', { seminarId });
  if (delta > 0) query.andWhere('registered_count < capacity');
  else query.andWhere('registered_count > 0');
  const result = await query.execute();
  return (result.affected ?? 0) > 0;
}

@Injectable()
export class RegistrationsService {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async register(identity: AccessIdentity, seminarId: string): Promise<RegistrationView> {
    const companyId = companyOf(identity);
    return withTenant(this.database.dataSource, { companyId }, async (manager) => {
      const seminar = await loadSeminar(manager, identity, seminarId);
      if (!acceptsRegistrations(seminar.state)) throw new RegistrationClosed();
      let registration = await manager.findOneBy(Registration, { seminarId, userId: identity.userId });
      if (registration && registration.cancelledAt === null) throw new AlreadyRegistered();
      if (!(await adjustSeats(manager, seminarId, 1))) throw new SeminarFull();
      if (registration) {
        registration.cancelledAt = null;
      } else {
        registration = manager.create(Registration, {
          id: randomUUID(),
          companyId,
          seminarId,
          userId: identity.userId,
          cancelledAt: null,
        });
      }
      // A concurrent second registration of the same person fails on the unique index and rolls back its seat.
      const saved = await manager.save(registration);
      await enqueue(manager, CMS_SCHEMA, Events.RegistrationCreated, {
        registrationId: saved.id,
        seminarId,
        companyId,
        userId: identity.userId,
        createdAt: new Date().toISOString(),
      });
      return toView(saved);
    });
  }

  async cancel(identity: AccessIdentity, seminarId: string): Promise<void> {
    const companyId = companyOf(identity);
    await withTenant(this.database.dataSource, { companyId }, async (manager) => {
      await loadSeminar(manager, identity, seminarId, { forUpdate: true });
      const registration = await manager.findOneBy(Registration, {
        seminarId,
        userId: identity.userId,
        cancelledAt: IsNull(),
      });
      if (!registration) throw new RegistrationNotFound();
      const cancelledAt = new Date();
      await manager.update(Registration, { id: registration.id }, { cancelledAt });
      await adjustSeats(manager, seminarId, -1);
      await enqueue(manager, CMS_SCHEMA, Events.RegistrationCancelled, {
        registrationId: registration.id,
        seminarId,
        companyId,
        userId: identity.userId,
        cancelledAt: cancelledAt.toISOString(),
      });
    });
  }

  async list(identity: AccessIdentity, seminarId: string): Promise<RegistrationView[]> {
    return withTenant(this.database.dataSource, tenantOf(identity), async (manager) => {
      await loadSeminar(manager, identity, seminarId);
      const rows = await manager.find(Registration, {
        where: { seminarId, cancelledAt: IsNull() },
        order: { createdAt: 'ASC' },
      });
      return rows.map(toView);
    });
  }
}

/** Whether `userId` holds an active registration for the seminar (inside the caller's transaction). */
export async function isRegistered(manager: EntityManager, seminarId: string, userId: string): Promise<boolean> {
  return manager.existsBy(Registration, { seminarId, userId, cancelledAt: IsNull() });
}
