// Appending to the audit log inside the caller's transaction, so a record exists exactly when the
// change it describes commits. Appends to one chain serialise on a transaction-scoped advisory lock
// (two appenders never read the same "last record").
import { auditDetailsSchema } from '@webinar/contracts';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import { type AuditDetails, chainOf, GENESIS_HASH, hashRecord } from './audit-chain';
import { AuditEntry } from './audit-entry.entity';

export interface AuditRecordInput {
  companyId: string | null;
  actorId: string | null;
  action: string;
  subject?: string;
  occurredAt: Date;
  details: AuditDetails;
}

const NO_COMPANY = '00000000-0000-0000-0000-000000000000';

/** The manager's tenant must see the chain: the company itself, or root for the platform chain. */
export async function appendAudit(manager: EntityManager, input: AuditRecordInput): Promise<AuditEntry> {
  // The bus schema's guard against credentials in audit details applies to our own records too.
  auditDetailsSchema.parse(input.details);
  const chain = chainOf(input.companyId);
  await manager.query(`select pg_advisory_xact_lock(hashtext($1))`, [`${CMS_SCHEMA}.audit:${chain}`]);
  const last: { seq: number; hash: string }[] = await manager.query(
    `select seq, hash from "${CMS_SCHEMA}"."audit_log"
      where coalesce(company_id, $1::uuid) = coalesce($2::uuid, $1::uuid)
      order by seq desc limit 1`,
    [NO_COMPANY, input.companyId],
  );
  const body = {
    companyId: input.companyId,
    seq: (last[0]?.seq ?? 0) + 1,
    // Millisecond precision: what a JS Date holds, so the stored instant hashes the same when re-read.
    occurredAt: new Date(input.occurredAt.getTime()),
    actorId: input.actorId,
    action: input.action,
    subject: input.subject ?? null,
    details: input.details,
    prevHash: last[0]?.hash ?? GENESIS_HASH,
  };
  return manager.save(manager.create(AuditEntry, { ...body, id: randomUUID(), hash: hashRecord(body) }));
}
