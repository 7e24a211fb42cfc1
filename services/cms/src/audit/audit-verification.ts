// Walks every chain of the audit log and reports the first broken link of each damaged chain.
import { withTenant } from '@webinar/persistence';
import type { DataSource } from 'typeorm';
import { type BrokenLink, type ChainedRecord, chainOf, firstBrokenLink } from './audit-chain';
import { AuditLogStore } from './audit-log-store';

export interface AuditVerification {
  chains: number;
  records: number;
  /** Empty when every chain is intact. */
  broken: BrokenLink[];
}

// Stateless; built here because the verification also runs from the command line, without an injector.
const store = new AuditLogStore();

export async function verifyAuditLog(dataSource: DataSource): Promise<AuditVerification> {
  const rows = await withTenant(dataSource, { root: true, reason: 'audit verification' }, (manager) =>
    store.allInChainOrder(manager),
  );
  const chains = new Map<string, ChainedRecord[]>();
  for (const row of rows) {
    const key = chainOf(row.companyId);
    const list = chains.get(key) ?? [];
    list.push(row);
    chains.set(key, list);
  }
  const broken = [...chains.values()]
    .map((records) => firstBrokenLink(records))
    .filter((link): link is BrokenLink => link !== undefined);
  return { chains: chains.size, records: rows.length, broken };
}
