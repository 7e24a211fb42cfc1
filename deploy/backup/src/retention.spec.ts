import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupName, latestBackup, prune } from './retention';

describe('retention', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'retention-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('names backups by UTC time so that names sort in time order', () => {
    expect(backupName(new Date('2026-03-05T02:00:07.123Z'))).toBe('20260305T020007.123Z.backup');
    expect(backupName(new Date('2026-03-05T02:00:07Z')) < backupName(new Date('2026-03-06T01:00:00Z'))).toBe(true);
  });

  it('keeps the newest N backups with their notes, removes old ones and stale partial files only', async () => {
    const now = new Date('2026-03-10T03:00:00Z');
    for (let day = 1; day <= 5; day++) {
      const name = backupName(new Date(`2026-03-0${day}T03:00:00Z`));
      await writeFile(join(dir, name), 'x');
      await writeFile(join(dir, `${name}.json`), '{}');
    }
    await writeFile(join(dir, 'old.backup.1.partial'), 'x');
    await utimes(join(dir, 'old.backup.1.partial'), new Date('2026-03-08T00:00:00Z'), new Date('2026-03-08T00:00:00Z'));
    await writeFile(join(dir, 'running.backup.2.partial'), 'x');
    await utimes(join(dir, 'running.backup.2.partial'), now, now);
    await writeFile(join(dir, 'operator-notes.txt'), 'not ours');

    const removed = await prune(dir, 2, now);

    expect(removed.sort()).toEqual(['20260301T030000.000Z.backup', '20260302T030000.000Z.backup', '20260303T030000.000Z.backup', 'old.backup.1.partial']);
    expect((await readdir(dir)).sort()).toEqual([
      '20260304T030000.000Z.backup',
      '20260304T030000.000Z.backup.json',
      '20260305T030000.000Z.backup',
      '20260305T030000.000Z.backup.json',
      'operator-notes.txt',
      'running.backup.2.partial',
    ]);
    expect(await latestBackup(dir)).toBe(join(dir, '20260305T030000.000Z.backup'));
  });

  it('says so when there is no backup to restore', async () => {
    await expect(latestBackup(dir)).rejects.toMatchObject({ code: 'BACKUP.NOT_FOUND' });
  });
});
