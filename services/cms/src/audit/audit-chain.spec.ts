import { type ChainedRecord, firstBrokenLink, GENESIS_HASH, hashRecord } from './audit-chain';

function chain(length: number): ChainedRecord[] {
  const records: ChainedRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const body = {
      companyId: '7d1e3c56-4a5b-4c8d-9e0f-1a2b3c4d5e6f',
      seq,
      occurredAt: new Date(Date.UTC(2026, 10, 27, 10, seq)),
      actorId: null,
      action: 'cms.grant.changed',
      subject: `seminar ${seq}`,
      details: { role: 'presenter', count: seq, granted: true },
      prevHash,
    };
    const record = { ...body, id: `id-${seq}`, hash: hashRecord(body) };
    records.push(record);
    prevHash = record.hash;
  }
  return records;
}

describe('audit hash chain', () => {
  it('accepts an intact chain and an empty one', () => {
    expect(firstBrokenLink(chain(5))).toBeUndefined();
    expect(firstBrokenLink([])).toBeUndefined();
  });

  it('hashes details independently of key order', () => {
    const [record] = chain(1);
    if (!record) throw new Error('no record');
    const reordered = { ...record, details: { granted: true, count: 1, role: 'presenter' } };
    expect(hashRecord(reordered)).toBe(record.hash);
  });

  it('reports the first edited record', () => {
    const records = chain(5);
    records[2] = { ...records[2]!, details: { role: 'moderator', count: 3, granted: true } };
    expect(firstBrokenLink(records)).toEqual({ chain: records[0]!.companyId, seq: 3, id: 'id-3', reason: 'content hash mismatch' });
  });

  it('reports a deleted record as a gap and a re-hashed edit at the next link', () => {
    const records = chain(5);
    expect(firstBrokenLink([...records.slice(0, 1), ...records.slice(2)])).toMatchObject({ seq: 3, reason: 'sequence gap' });
    const forged = { ...records[1]!, action: 'forged' };
    records[1] = { ...forged, hash: hashRecord(forged) };
    expect(firstBrokenLink(records)).toMatchObject({ seq: 3, reason: 'previous hash mismatch' });
  });
});
