// The one home of an export: cms.privacy_exports and its parts (cms.privacy_export_parts), one
// aggregate. One open export per person: requests serialise on a per-person advisory lock.
import { Injectable } from '@nestjs/common';
import { col, parseRows } from '@webinar/persistence';
import { z } from 'zod';
import { IsNull, MoreThan, type EntityManager } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import type { PersonRef } from '../people/person-vault';
import { sqlTable } from '../tables';
import { PrivacyExport } from './privacy-export.entity';
import { PrivacyExportPart } from './privacy-export-part.entity';

const exportsTable = sqlTable('privacyExports');
const partsTable = sqlTable('privacyExportParts');
const idRow = z.object({ id: col.id });

@Injectable()
export class PrivacyExportsStore {
  /** Serialises one person's export requests until commit, so two agree on one open export. */
  async lockPerson(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`select pg_advisory_xact_lock(hashtext($1))`, [`${CMS_SCHEMA}.export:${userId}`]);
  }

  /** The person's undelivered, unexpired export, if any. */
  findOpenOf(manager: EntityManager, person: PersonRef): Promise<PrivacyExport | null> {
    return manager.findOneBy(PrivacyExport, { ...person, deliveredAt: IsNull(), expiresAt: MoreThan(new Date()) });
  }

  insert(manager: EntityManager, row: Omit<PrivacyExport, 'requestedAt'>): Promise<PrivacyExport> {
    return manager.save(manager.create(PrivacyExport, row));
  }

  /** The person's export, write-locked until commit; null when absent. */
  findOfPersonForUpdate(manager: EntityManager, id: string, person: PersonRef): Promise<PrivacyExport | null> {
    return manager.findOne(PrivacyExport, { where: { id, ...person }, lock: { mode: 'pessimistic_write' } });
  }

  findById(manager: EntityManager, id: string): Promise<PrivacyExport | null> {
    return manager.findOneBy(PrivacyExport, { id });
  }

  /** Stores a service's part; a service that answers twice keeps its first answer. */
  async insertPartIfAbsent(manager: EntityManager, part: Omit<PrivacyExportPart, 'receivedAt'>): Promise<void> {
    await manager.createQueryBuilder().insert().into(PrivacyExportPart).values(part).orIgnore().execute();
  }

  partsOf(manager: EntityManager, exportId: string): Promise<PrivacyExportPart[]> {
    return manager.findBy(PrivacyExportPart, { exportId });
  }

  /** Delivered once: the private key and the parts go in the same transaction. */
  async markDelivered(manager: EntityManager, exportId: string, deliveredAt: Date): Promise<void> {
    await manager.delete(PrivacyExportPart, { exportId });
    await manager.update(PrivacyExport, { id: exportId }, { privateKeyCipher: null, keyKid: null, deliveredAt });
  }

  /** Deletes exports and their parts (expiry, erasure). */
  async deleteAll(manager: EntityManager, exportIds: readonly string[]): Promise<void> {
    if (exportIds.length === 0) return;
    await manager.query(`DELETE FROM ${partsTable} WHERE export_id = ANY($1::uuid[])`, [exportIds]);
    await manager.query(`DELETE FROM ${exportsTable} WHERE id = ANY($1::uuid[])`, [exportIds]);
  }

  /** Every export of one person, with its parts (erasure); how many. */
  async deleteAllOf(manager: EntityManager, person: PersonRef): Promise<number> {
    const rows = await manager.findBy(PrivacyExport, { companyId: person.companyId, userId: person.userId });
    await this.deleteAll(manager, rows.map((r) => r.id));
    return rows.length;
  }

  /** Ids of up to `limit` expired exports (the database's clock decides). */
  async expiredIds(manager: EntityManager, limit: number): Promise<string[]> {
    const rows: unknown = await manager.query(`SELECT id FROM ${exportsTable} WHERE expires_at <= now() LIMIT $1`, [limit]);
    return parseRows('privacyExports.expiredIds', idRow, rows).map((r) => r.id);
  }
}
