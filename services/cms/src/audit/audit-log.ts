// Appending to the audit log inside the caller's transaction, so a record exists exactly when the
// change it describes commits. Appends to one chain serialise on a transaction-scoped advisory lock
// (two appenders never read the same "last record"); the rows are AuditLogStore's.
import { auditDetailsSchema } from '@webinar/contracts';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { type AuditDetails, chainOf, GENESIS_HASH, hashRecord } from './audit-chain';
import type { AuditEntry } from './audit-entry.entity';
import { AuditLogStore } from './audit-log-store';

export interface AuditRecordInput {
  companyId: string | null;
  actorId: string | null;
  action: string;
  subject?: string;
  occurredAt: Date;
  details: AuditDetails;
}

// The store holds no state. It is built here, not injected, because appendAudit is called from every
// feature and from consumers with only their transaction at hand.
const store = new AuditLogStore();

/** The manager's tenant must see the chain: the company itself, or root for the platform chain. */
export async function appendAudit(manager: EntityManager, input: AuditRecordInput): Promise<AuditEntry> {
  // The bus schema's guard against credentials in audit details applies to our own records too.
  auditDetailsSchema.parse(input.details);
  const chain = chainOf(input.companyId);
  await store.lockChain(manager, chain);
  const last = await store.lastOf(manager, input.companyId);
  const body = {
    companyId: input.companyId,
    seq: (last?.seq ?? 0) + 1,
    // Millisecond precision: what a JS Date holds, so the stored instant hashes the same when re-read.
    occurredAt: new Date(input.occurredAt.getTime()),
    actorId: input.actorId,
    action: input.action,
    subject: input.subject ?? null,
    details: input.details,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  return store.insert(manager, { ...body, id: randomUUID(), hash: hashRecord(body) });
}
