// A fresh embedded data folder starts from the template built by the persistence build (no initdb),
// and is an ordinary persistent database from then on.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leaseHost } from '../src/pglite/host-registry';
import { templateFor } from '../src/pglite/template';

describe('embedded database template', () => {
  it('is built, starts a fresh folder, and is not used once the folder holds a database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pglite-template-'));
    try {
      expect(templateFor(dir)).toBeInstanceOf(Blob); // run the persistence build first (`nx run persistence:build`)
      const first = await leaseHost(dir);
      await first.host.withSession({}, async (client) => {
        await client.query('create table kept (x int)');
        await client.query('insert into kept values (42)');
      });
      await first.release();

      expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);
      expect(templateFor(dir)).toBeUndefined();
      const second = await leaseHost(dir);
      const rows = await second.host.withSession({}, async (client) => {
        const result = await client.query('select x from kept');
        return Array.isArray(result) ? [] : result.rows;
      });
      await second.release();
      expect(rows).toEqual([{ x: 42 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
