// auth's own bookkeeping (links, sessions, lookups by e-mail index) is not done on behalf of one
// tenant: a login link arrives before anyone knows who the caller is. Those units of work run in the
// root tenant context, with a reason that PostgreSQL sees (app.root_reason) for auditing.
import { type Database, withTenant } from '@webinar/persistence';
import type { EntityManager } from 'typeorm';

export function asAuthSystem<T>(database: Database, reason: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return withTenant(database.dataSource, { root: true, reason: `auth:${reason}` }, work);
}
