// GDPR export: "everything held about me", gathered across services over the bus. Requesting writes
// the export (with its sealed private key) and `privacy.export.requested.v1` in one transaction;
// parts arrive through `PrivacyConsumer`; the person downloads the assembled JSON once every expected
// service has answered, after which the key and the parts are deleted.
import { Inject, Injectable } from '@nestjs/common';
import { Events, isUuid } from '@webinar/contracts';
import { enqueue } from '@webinar/messaging';
import { DATABASE, type Database, withTenant } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/audit-log';
import { CMS_SCHEMA } from '../cms.constants';
import { PersonDataReader } from '../me/person-data';
import { PersonVault } from '../people/person-vault';
import { companyOf } from '../tenancy/tenant-of';
import { newExportKeyPair, openExportPart } from './export-keys';
import type { PrivacyExport } from './privacy-export.entity';
import { PrivacyExportsStore } from './privacy-exports-store';
import { CMS_PRIVACY_SERVICE, EXPORT_TTL_SECONDS, PRIVACY_SERVICES } from './privacy.constants';
import { ExportDelivered, ExportNotFound } from './privacy.errors';
import type { ExportDocument, ExportStatusView } from './privacy.schemas';

/** The associated data of an export's sealed private key: bound to that export's row. */
export function privateKeyField(exportId: string): string {
  return `cms.privacy_exports.private_key:${exportId}`;
}

export type ExportOutcome = { kind: 'pending'; view: ExportStatusView } | { kind: 'complete'; document: ExportDocument };
type FetchResult = ExportOutcome | { kind: 'expired' };

function statusOf(row: PrivacyExport, received: string[]): ExportStatusView {
  return {
    id: row.id,
    status: 'pending',
    expectedServices: [CMS_PRIVACY_SERVICE, ...row.expectedServices],
    receivedServices: [CMS_PRIVACY_SERVICE, ...received],
    requestedAt: row.requestedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

@Injectable()
export class ExportsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly personData: PersonDataReader,
    private readonly vault: PersonVault,
    private readonly store: PrivacyExportsStore,
  ) {}

  /** One open export per person: asking again while one is open answers that one. */
  async request(identity: AccessIdentity): Promise<ExportStatusView> {
    const person = { companyId: companyOf(identity), userId: identity.userId };
    return withTenant(this.database.dataSource, { companyId: person.companyId }, async (manager) => {
      // Serialises two concurrent requests of one person, so they agree on one open export.
      await this.store.lockPerson(manager, person.userId);
      const open = await this.store.findOpenOf(manager, person);
      if (open) return statusOf(open, (await this.store.partsOf(manager, open.id)).map((p) => p.service));

      const id = randomUUID();
      const keys = await newExportKeyPair();
      const salt = await this.vault.ensureSalt(manager, person);
      const sealed = this.vault.seal(person, salt, privateKeyField(id), keys.privateJwk);
      const row = await this.store.insert(manager, {
        id,
        ...person,
        expectedServices: [...PRIVACY_SERVICES],
        privateKeyCipher: sealed.cipher,
        keyKid: sealed.kid,
        expiresAt: new Date(Date.now() + EXPORT_TTL_SECONDS * 1000),
        deliveredAt: null,
      });
      await enqueue(manager, CMS_SCHEMA, Events.PrivacyExportRequested, {
        requestId: id,
        ...person,
        publicKey: keys.publicKey,
        requestedAt: row.requestedAt.toISOString(),
      });
      return statusOf(row, []);
    });
  }

  /**
   * The export's status while parts are missing; once complete, the assembled document — delivered
   * once: the private key and the parts are deleted in the same transaction, and the delivery audited.
   */
  async fetch(identity: AccessIdentity, exportId: string): Promise<ExportOutcome> {
    const person = { companyId: companyOf(identity), userId: identity.userId };
    if (!isUuid(exportId)) throw new ExportNotFound();
    const result = await withTenant(this.database.dataSource, { companyId: person.companyId }, async (manager): Promise<FetchResult> => {
      const row = await this.store.findOfPersonForUpdate(manager, exportId, person);
      if (!row) throw new ExportNotFound();
      if (row.expiresAt.getTime() <= Date.now()) {
        // Deleted now rather than at the next sweep; answered after the commit (a throw would roll it back).
        await this.store.deleteAll(manager, [row.id]);
        return { kind: 'expired' };
      }
      if (row.deliveredAt !== null || row.privateKeyCipher === null || row.keyKid === null) throw new ExportDelivered();
      const parts = await this.store.partsOf(manager, row.id);
      const received = parts.map((p) => p.service);
      if (row.expectedServices.some((s) => !received.includes(s))) return { kind: 'pending', view: statusOf(row, received) };

      const privateJwk = this.vault.open(person, await this.vault.saltOf(manager, person), privateKeyField(row.id), {
        cipher: row.privateKeyCipher,
        kid: row.keyKid,
      });
      const services: Record<string, unknown> = {
        [CMS_PRIVACY_SERVICE]: await this.personData.read(manager, person),
      };
      for (const part of parts) {
        services[part.service] = await openExportPart(privateJwk, part.jwe, { exportId: row.id, service: part.service });
      }
      const generatedAt = new Date();
      await this.store.markDelivered(manager, row.id, generatedAt);
      await appendAudit(manager, {
        companyId: person.companyId,
        actorId: person.userId,
        action: 'cms.personal-data.exported',
        subject: `privacy-export:${row.id}`,
        occurredAt: generatedAt,
        details: { services: Object.keys(services).sort().join(',') },
      });
      return {
        kind: 'complete',
        document: {
          exportId: row.id,
          status: 'complete',
          generatedAt: generatedAt.toISOString(),
          subject: person,
          services,
        },
      };
    });
    if (result.kind === 'expired') throw new ExportNotFound();
    return result;
  }
}
