// Erasure's part in grants: the person's presenter and moderator rights are withdrawn, and each
// seminar's change is announced with an empty role set (cms.grant.changed.v1), as a withdrawal by an
// admin would be.
import { Events } from '@webinar/contracts';
import { enqueue } from '@webinar/messaging';
import type { EntityManager } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import type { GrantsStore } from '../grants/grants-store';
import type { PersonRef } from '../people/person-vault';

/** In the caller's tenant transaction; the number of grants withdrawn. */
export async function forgetGrants(manager: EntityManager, store: GrantsStore, person: PersonRef): Promise<number> {
  const grants = await store.allOf(manager, person);
  if (grants.length === 0) return 0;
  await store.deleteAllOf(manager, person);
  const changedAt = new Date().toISOString();
  for (const seminarId of new Set(grants.map((g) => g.seminarId))) {
    await enqueue(manager, CMS_SCHEMA, Events.GrantChanged, { ...person, seminarId, roles: [], changedAt });
  }
  return grants.length;
}
