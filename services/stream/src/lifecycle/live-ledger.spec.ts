import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveLedger } from './live-ledger';

describe('LiveLedger', () => {
  let dir: string;
  let path: string;
  const warnings: string[] = [];
  const logger = { warn: (_: Record<string, unknown>, message: string) => void warnings.push(message) };
  const entry = () => ({ seminarId: randomUUID(), companyId: randomUUID(), streamId: randomUUID(), startedAt: new Date().toISOString() });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'live-ledger-'));
    path = join(dir, 'live-streams.json');
    warnings.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts empty without a file, and writes none until a stream goes live', () => {
    expect(LiveLedger.open(path, logger).entries()).toEqual([]);
    expect(existsSync(path)).toBe(false);
  });

  it('gives the next run exactly the streams still live when this one died', () => {
    const ledger = LiveLedger.open(path, logger);
    const [a, b, c] = [entry(), entry(), entry()];
    ledger.add(a);
    ledger.add(b);
    ledger.add(c);
    ledger.remove(b.seminarId);

    // A second open is what the next process after a SIGKILL sees: nothing but the file.
    expect(LiveLedger.open(path, logger).entries()).toEqual([a, c]);
    // Replaced by rename: no temporary file is left beside it.
    expect(readdirSync(dir)).toEqual(['live-streams.json']);
  });

  it('sets a damaged file aside with a warning instead of failing the start', () => {
    writeFileSync(path, '{"version":1,"live":[{"seminarId":');
    expect(LiveLedger.open(path, logger).entries()).toEqual([]);
    writeFileSync(path, JSON.stringify({ version: 1, live: [{ seminarId: 42 }] }));
    expect(LiveLedger.open(path, logger).entries()).toEqual([]);
    expect(warnings).toEqual([
      'live-stream ledger unreadable; set aside, no stream end reconciled from it',
      'live-stream ledger unreadable; set aside, no stream end reconciled from it',
    ]);
  });
});
