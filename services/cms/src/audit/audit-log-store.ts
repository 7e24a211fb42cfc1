// The one home of cms.audit_log. Appends to one chain serialise on a transaction-scoped advisory lock,
// so two appenders never read the same "last record"; the chain's hashing is audit-log.ts's job.
import { Injectable } from '@nestjs/common';
import { col, parseFirstRow } from '@webinar/persistence';
import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import { sqlTable } from '../tables';
import { AuditEntry } from './audit-entry.entity';

const auditLog = sqlTable('auditLog');
const NO_COMPANY = '00000000-0000-0000-0000-000000000000';
const lastRow = z.object({ seq: col.int, hash: col.text });

@Injectable()
export class AuditLogStore {
  /** Holds the chain until commit. */
  async lockChain(manager: EntityManager, chain: string): Promise<void> {
    await manager.query(`select pg_advisory_xact_lock(hashtext($1))`, [`${CMS_SCHEMA}.audit:${chain}`]);
  }

  /** The chain's last record (a company's, or the platform's for null); undefined for an empty chain. */
  async lastOf(manager: EntityManager, companyId: string | null): Promise<{ seq: number; hash: string } | undefined> {
    const rows: unknown = await manager.query(
      `select seq, hash from ${auditLog}
        where coalesce(company_id, $1::uuid) = coalesce($2::uuid, $1::uuid)
        order by seq desc limit 1`,
      [NO_COMPANY, companyId],
    );
    return parseFirstRow('auditLog.lastOf', lastRow, rows);
  }

  insert(manager: EntityManager, entry: Omit<AuditEntry, 'recordedAt'>): Promise<AuditEntry> {
    return manager.save(manager.create(AuditEntry, entry));
  }

  /** Every record the transaction may see, chain by chain in order. */
  allInChainOrder(manager: EntityManager): Promise<AuditEntry[]> {
    return manager.find(AuditEntry, { order: { companyId: 'ASC', seq: 'ASC' } });
  }

  /** The newest records the transaction may see. */
  newest(manager: EntityManager, limit: number): Promise<AuditEntry[]> {
    return manager.find(AuditEntry, { order: { recordedAt: 'DESC', seq: 'DESC' }, take: limit });
  }
}
