// The embedded engine as the standalone process uses it: two services sharing one PGlite instance,
// each with its own schema, roles and DataSource.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryFailedError } from 'typeorm';
import { type Database, openDatabase, PersistenceError, tablesWithoutRls, withTenant } from '../src';
import { Counter, Note } from './fixtures/entities';
import { fixtureService } from './fixtures/services';

class Boom extends Error {}

function driverCode(error: unknown): string | undefined {
  return error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
}

describe('openDatabase on embedded PGlite', () => {
  let dataDir: string;
  let alpha: Database;
  let beta: Database;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'persistence-pglite-'));
    [alpha, beta] = await Promise.all([
      openDatabase(fixtureService('alpha', { dataDir })),
      openDatabase(fixtureService('beta', { dataDir })),
    ]);
  }, 60_000);

  afterAll(async () => {
    await alpha?.close();
    await beta?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is the embedded kind and answers ping', async () => {
    expect(alpha.kind).toBe('pglite');
    await alpha.ping();
  });

  it('queries as the service application role, inside transactions too', async () => {
    const inTransaction = await alpha.dataSource.transaction((m) => m.query('select current_user as "user"'));
    expect(inTransaction).toEqual([{ user: 'alpha_app' }]);
    expect(await beta.dataSource.query('select current_user as "user"')).toEqual([{ user: 'beta_app' }]);
  });

  it('never interleaves transactions of two DataSources on the shared session', async () => {
    await alpha.dataSource.getRepository(Counter).save({ id: 'hits', value: 0 });
    await beta.dataSource.getRepository(Counter).save({ id: 'hits', value: 0 });
    let inside = 0;
    let maxInside = 0;
    const increment = (database: Database, fail: boolean) =>
      database.dataSource.transaction(async (manager) => {
        maxInside = Math.max(maxInside, ++inside);
        try {
          // Read, yield, write: any other transaction's statements running in between on the same
          // session would lose updates or be rolled back with the failing one.
          const counter = await manager.findOneByOrFail(Counter, { id: 'hits' });
          await new Promise((resolve) => setImmediate(resolve));
          await manager.update(Counter, { id: 'hits' }, { value: counter.value + 1 });
          if (fail) throw new Boom('rolled back');
        } finally {
          inside--;
        }
      });
    const runs = [alpha, beta].flatMap((database) => [
      ...Array.from({ length: 20 }, () => increment(database, false)),
      increment(database, true),
    ]);
    const outcomes = await Promise.allSettled(runs);

    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(2);
    expect(outcomes.filter((o) => o.status === 'rejected').every((o) => o.reason instanceof Boom)).toBe(true);
    expect(await alpha.dataSource.getRepository(Counter).findOneByOrFail({ id: 'hits' })).toEqual({
      id: 'hits',
      value: 20,
    });
    expect(await beta.dataSource.getRepository(Counter).findOneByOrFail({ id: 'hits' })).toEqual({
      id: 'hits',
      value: 20,
    });
    expect(maxInside).toBe(1);
  });

  describe('row-level security', () => {
    const companyA = randomUUID();
    const companyB = randomUUID();

    beforeAll(async () => {
      await withTenant(alpha.dataSource, { root: true, reason: 'test setup' }, (m) =>
        m.save(Note, [
          { id: randomUUID(), companyId: companyA, body: 'a' },
          { id: randomUUID(), companyId: companyB, body: 'b' },
        ]),
      );
    });

    it('shows a tenant only its own rows', async () => {
      const notes = await withTenant(alpha.dataSource, { companyId: companyA }, (m) => m.find(Note));
      expect(notes.map((n) => n.body)).toEqual(['a']);
    });

    it('shows root every tenant', async () => {
      const notes = await withTenant(alpha.dataSource, { root: true }, (m) =>
        m.find(Note, { order: { body: 'ASC' } }),
      );
      expect(notes.map((n) => n.body)).toEqual(['a', 'b']);
    });

    it('shows nothing without a tenant context', async () => {
      expect(await alpha.dataSource.getRepository(Note).count()).toBe(0);
    });

    it('rejects writing a row for another tenant (WITH CHECK)', async () => {
      const write = withTenant(alpha.dataSource, { companyId: companyA }, (m) =>
        m.insert(Note, { id: randomUUID(), companyId: companyB, body: 'smuggled' }),
      );
      await expect(write).rejects.toThrow(/row-level security/);
      const all = await withTenant(alpha.dataSource, { root: true }, (m) =>
        m.countBy(Note, { body: 'smuggled' }),
      );
      expect(all).toBe(0);
    });

    it('refuses a tenant id that is not a UUID', async () => {
      const attempt = withTenant(alpha.dataSource, { companyId: "x' or true --" }, (m) => m.find(Note));
      await expect(attempt).rejects.toMatchObject({ code: 'INVALID_TENANT' });
      await expect(attempt).rejects.toBeInstanceOf(PersistenceError);
    });

    it('covers the tenant table and leaves only the non-tenant one uncovered', async () => {
      expect(await tablesWithoutRls(alpha.dataSource, 'alpha')).toEqual(['counters']);
    });
  });

  it("denies a service's app role another service's schema", async () => {
    const error: unknown = await alpha.dataSource
      .query('select * from beta.counters')
      .catch((e: unknown) => e);
    expect(driverCode(error)).toBe('42501');
    expect(String(error)).toMatch(/permission denied for schema beta/);
  });

  it('gives the app role data privileges but no DDL', async () => {
    const error: unknown = await alpha.dataSource.query('drop table alpha.counters').catch((e: unknown) => e);
    expect(driverCode(error)).toBe('42501');
  });

  it('reports constraint violations with pg error codes through TypeORM', async () => {
    await alpha.dataSource.getRepository(Counter).insert({ id: 'unique', value: 1 });
    const error: unknown = await alpha.dataSource
      .getRepository(Counter)
      .insert({ id: 'unique', value: 2 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect(driverCode(error)).toBe('23505');
    expect(error).toMatchObject({ code: '23505', constraint: 'PK_910bfcbadea9cde6397e0daf996' });
  });

  it('parses values and reports counts as node-postgres does', async () => {
    const [row] = await alpha.dataSource.query(
      `select 9007199254740993::int8 as big, 1.50::numeric as num, '\\x0102'::bytea as bin, 5::int4 as small, $1::text as param`,
      ['p'],
    );
    expect(row).toEqual({
      big: '9007199254740993',
      num: '1.50',
      bin: Buffer.from([1, 2]),
      small: 5,
      param: 'p',
    });
    const [, affected] = await alpha.dataSource.query(
      `update alpha.counters set value = value where id = any($1)`,
      [['hits', 'unique']],
    );
    expect(affected).toBe(2);
  });

  it('runs a string of several statements without parameters', async () => {
    await alpha.dataSource.query(
      `insert into alpha.counters values ('m1', 1); insert into alpha.counters values ('m2', 2)`,
    );
    expect(await alpha.dataSource.getRepository(Counter).countBy({ value: 2 })).toBeGreaterThanOrEqual(1);
  });

  it('keeps data across a reopen and does not migrate twice', async () => {
    await beta.close();
    beta = await openDatabase(fixtureService('beta', { dataDir }));
    expect(await beta.dataSource.getRepository(Counter).findOneByOrFail({ id: 'hits' })).toEqual({
      id: 'hits',
      value: 20,
    });
    expect(await beta.dataSource.query('select count(*)::int as n from beta.migrations')).toEqual([{ n: 1 }]);
  });
});
