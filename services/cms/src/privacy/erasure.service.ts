// GDPR erasure ("forget me"). In one transaction cms erases what it holds — the profile is deleted and
// the person's key salt destroyed (crypto-shredding: every copy of their ciphertexts becomes
// unreadable), registrations are cancelled or anonymised, grants withdrawn, open exports deleted —
// and asks the other services to do the same (privacy.erasure.requested.v1). The audit log records
// the request under its id only.
import { Inject, Injectable } from '@nestjs/common';
import { Events } from '@webinar/contracts';
import { enqueue } from '@webinar/messaging';
import { DATABASE, type Database, withTenant } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/audit-log';
import { CMS_SCHEMA } from '../cms.constants';
import { PeopleStore } from '../people/people-store';
import { forgetRegistrations } from '../registrations/forget-registrations';
import { RegistrationsStore } from '../registrations/registrations-store';
import { SeminarsStore } from '../seminars/seminars-store';
import { GrantsStore } from '../grants/grants-store';
import { companyOf } from '../tenancy/tenant-of';
import { recordErasureOutcome } from './erasure-outcomes';
import { forgetGrants } from './forget-grants';
import { PrivacyErasuresStore } from './privacy-erasures-store';
import { PrivacyExportsStore } from './privacy-exports-store';
import { CMS_PRIVACY_SERVICE, PRIVACY_SERVICES } from './privacy.constants';
import type { ErasureView } from './privacy.schemas';

export const ERASURE_REQUESTED = 'cms.personal-data.erasure-requested';

@Injectable()
export class ErasureService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly people: PeopleStore,
    private readonly registrations: RegistrationsStore,
    private readonly seminars: SeminarsStore,
    private readonly grants: GrantsStore,
    private readonly exports: PrivacyExportsStore,
    private readonly erasures: PrivacyErasuresStore,
  ) {}

  async request(identity: AccessIdentity): Promise<ErasureView> {
    const person = { companyId: companyOf(identity), userId: identity.userId };
    return withTenant(this.database.dataSource, { companyId: person.companyId }, async (manager) => {
      const requestId = randomUUID();
      const profile = await this.people.forget(manager, person);
      const exports = await this.exports.deleteAllOf(manager, person);
      const registrations = await forgetRegistrations(manager, { registrations: this.registrations, seminars: this.seminars }, person);
      const grants = await forgetGrants(manager, this.grants, person);
      const requestedAt = new Date();
      const erasure = await this.erasures.insert(manager, {
        id: requestId,
        companyId: person.companyId,
        expectedServices: [CMS_PRIVACY_SERVICE, ...PRIVACY_SERVICES],
        outcomes: {},
        completedAt: null,
      });
      await enqueue(manager, CMS_SCHEMA, Events.PrivacyErasureRequested, {
        requestId,
        ...person,
        requestedAt: requestedAt.toISOString(),
      });
      // No actor and no user id: the record must not tie the request to the person it erased.
      await appendAudit(manager, {
        companyId: person.companyId,
        actorId: null,
        action: ERASURE_REQUESTED,
        subject: `privacy-erasure:${requestId}`,
        occurredAt: requestedAt,
        details: {
          profileDeleted: profile.profileDeleted,
          personKeyDestroyed: profile.keyDestroyed,
          exportsDeleted: exports,
          registrationsCancelled: registrations.cancelled,
          registrationsAnonymised: registrations.anonymised,
          grantsWithdrawn: grants,
          awaiting: PRIVACY_SERVICES.join(','),
        },
      });
      const heldAnything = profile.profileDeleted || profile.keyDestroyed || exports > 0 || registrations.anonymised > 0 || grants > 0;
      await recordErasureOutcome(manager, erasure, CMS_PRIVACY_SERVICE, heldAnything ? 'erased' : 'nothing-held');
      return { requestId, status: 'pending', expectedServices: [CMS_PRIVACY_SERVICE, ...PRIVACY_SERVICES] };
    });
  }
}
