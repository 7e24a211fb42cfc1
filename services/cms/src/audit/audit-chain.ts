// The hash chain, as pure functions: what a record's hash covers, and where a sequence of records
// stops being a valid chain. Used when appending and by the verification command.
import { createHash } from 'node:crypto';

/** `prev_hash` of the first record of every chain. */
export const GENESIS_HASH = '0'.repeat(64);
/** The chain key of records without a company. */
export const PLATFORM_CHAIN = 'platform';

export type AuditDetails = Record<string, string | number | boolean>;

export interface ChainedRecord {
  id: string;
  companyId: string | null;
  seq: number;
  occurredAt: Date;
  actorId: string | null;
  action: string;
  subject: string | null;
  details: AuditDetails;
  prevHash: string;
  hash: string;
}

export function chainOf(companyId: string | null): string {
  return companyId ?? PLATFORM_CHAIN;
}

/** Keys sorted, so the hash does not depend on how jsonb happens to order them. */
function canonicalDetails(details: AuditDetails): [string, string | number | boolean][] {
  return Object.keys(details)
    .sort()
    .map((key) => [key, details[key] as string | number | boolean]);
}

export function hashRecord(record: Omit<ChainedRecord, 'hash' | 'id'>): string {
  const material = JSON.stringify([
    chainOf(record.companyId),
    record.seq,
    record.occurredAt.toISOString(),
    record.actorId,
    record.action,
    record.subject,
    canonicalDetails(record.details),
    record.prevHash,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

export interface BrokenLink {
  chain: string;
  seq: number;
  id: string;
  reason: 'sequence gap' | 'previous hash mismatch' | 'content hash mismatch';
}

/** The first broken link of one chain's records (ordered by seq), or undefined when intact. */
export function firstBrokenLink(records: readonly ChainedRecord[]): BrokenLink | undefined {
  let previousHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (const record of records) {
    const at = { chain: chainOf(record.companyId), seq: record.seq, id: record.id };
    if (record.seq !== expectedSeq) return { ...at, reason: 'sequence gap' };
    if (record.prevHash !== previousHash) return { ...at, reason: 'previous hash mismatch' };
    if (hashRecord(record) !== record.hash) return { ...at, reason: 'content hash mismatch' };
    previousHash = record.hash;
    expectedSeq += 1;
  }
  return undefined;
}
