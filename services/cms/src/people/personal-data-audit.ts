// Every admin (or elevated root) read of personal data leaves a record in the audit chain of the
// company whose people were read: who read, what (a seminar's attendee list, an e-mail lookup) and how
// many people — never the data itself, nor the address that was looked up.
import type { AccessIdentity } from '@webinar/security';
import type { EntityManager } from 'typeorm';
import { appendAudit } from '../audit/audit-log';

export const PERSONAL_DATA_READ = 'cms.personal-data.read';

export interface PersonalDataRead {
  /** The companies whose people were shown (one for an admin; possibly several for elevated root). */
  companyIds: readonly string[];
  subject: string;
  /** People shown per company. */
  counts: ReadonlyMap<string, number>;
}

/** Runs in the reader's transaction, so the read and its record commit (or fail) together. */
export async function recordPersonalDataRead(manager: EntityManager, reader: AccessIdentity, read: PersonalDataRead): Promise<void> {
  const occurredAt = new Date();
  const companies = [...new Set(read.companyIds)];
  // A search that found nobody is still a read attempt: recorded in the reader's own chain.
  const chains = companies.length > 0 ? companies : [reader.companyId];
  for (const companyId of chains) {
    await appendAudit(manager, {
      companyId,
      actorId: reader.userId,
      action: PERSONAL_DATA_READ,
      subject: read.subject,
      occurredAt,
      details: { count: companyId === null ? 0 : (read.counts.get(companyId) ?? 0), role: reader.role },
    });
  }
}
