import { openDatabase } from '@webinar/persistence';
import { createTestDatabase, testDatabaseUrl } from '@webinar/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollsDatabase } from '../src/polls.module';

describe('polls database', () => {
  it('runs its migrations into its own schema as its own roles', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'polls-'));
    const adminUrl = await testDatabaseUrl();
    const database = adminUrl ? await createTestDatabase(adminUrl, 'polls') : undefined;
    const db = await openDatabase(pollsDatabase({ dataDir, ...(database ? { databaseUrl: database.url } : {}) }));
    try {
      const tables = await db.dataSource.query<{ table_name: string }[]>(
        "select table_name from information_schema.tables where table_schema = 'polls' order by table_name",
      );
      expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['inbox', 'outbox']));
      const [who] = await db.dataSource.query<{ current_user: string }[]>('select current_user');
      expect(who?.current_user).toBe('polls_app');
    } finally {
      await db.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
