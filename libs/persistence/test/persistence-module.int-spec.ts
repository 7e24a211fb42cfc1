// The NestJS wiring, in the standalone shape: two services' modules in one application, each with
// its own database. Runs on PostgreSQL when present, else on the embedded engine.
import { Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InjectDataSource, InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from '@webinar/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, Repository } from 'typeorm';
import { DATABASE, type Database, DatabaseReadiness, type DatabaseOptions, PersistenceModule } from '../src';
import { Counter } from './fixtures/entities';
import { fixtureService } from './fixtures/services';

@Injectable()
class Probe {
  constructor(
    @Inject(DATABASE) readonly database: Database,
    readonly dataSource: DataSource,
    @InjectDataSource() readonly injectedDataSource: DataSource,
    readonly readiness: DatabaseReadiness,
  ) {}
}

@Injectable()
class CounterReader {
  constructor(@InjectRepository(Counter, 'modalpha') readonly counters: Repository<Counter>) {}
}

function serviceModule(opts: DatabaseOptions, extra: { withRepository: boolean }): new () => object {
  const token = `probe:${opts.service}`;
  @Module({
    imports: [
      PersistenceModule.forService(opts),
      ...(extra.withRepository ? [TypeOrmModule.forFeature([Counter], opts.service)] : []),
    ],
    providers: [
      Probe,
      { provide: token, useExisting: Probe },
      ...(extra.withRepository ? [CounterReader] : []),
    ],
    exports: [token, ...(extra.withRepository ? [CounterReader] : [])],
  })
  class ServiceModule {}
  return ServiceModule;
}

describe('PersistenceModule', () => {
  let where: { dataDir: string; databaseUrl?: string };
  let testDatabase: TestDatabase | undefined;

  beforeAll(async () => {
    const adminUrl = await testDatabaseUrl();
    testDatabase = adminUrl ? await createTestDatabase(adminUrl, 'persistence_nest') : undefined;
    where = {
      dataDir: await mkdtemp(join(tmpdir(), 'persistence-nest-')),
      ...(testDatabase ? { databaseUrl: testDatabase.url } : {}),
    };
  });

  afterAll(async () => {
    await testDatabase?.drop();
    await rm(where.dataDir, { recursive: true, force: true });
  });

  it('gives each service module its own database, injectable in every usual way, closed on shutdown', async () => {
    const app = await Test.createTestingModule({
      imports: [
        serviceModule(fixtureService('modalpha', where), { withRepository: true }),
        serviceModule(fixtureService('modbeta', where), { withRepository: false }),
      ],
    }).compile();
    await app.init();

    const alpha = app.get<Probe>('probe:modalpha');
    const beta = app.get<Probe>('probe:modbeta');
    expect(alpha.dataSource).toBe(alpha.database.dataSource);
    expect(alpha.injectedDataSource).toBe(alpha.database.dataSource);
    expect(beta.dataSource).toBe(beta.database.dataSource);
    expect(beta.dataSource).not.toBe(alpha.dataSource);
    expect(await alpha.dataSource.query('select current_user as "user"')).toEqual([{ user: 'modalpha_app' }]);
    expect(await beta.dataSource.query('select current_user as "user"')).toEqual([{ user: 'modbeta_app' }]);

    const reader = app.get(CounterReader);
    await reader.counters.save({ id: 'nest', value: 1 });
    expect(await alpha.dataSource.getRepository(Counter).findOneBy({ id: 'nest' })).toEqual({
      id: 'nest',
      value: 1,
    });

    expect(alpha.readiness.name).toBe('database');
    await alpha.readiness.check();

    await app.close();
    expect(alpha.dataSource.isInitialized).toBe(false);
    expect(beta.dataSource.isInitialized).toBe(false);
    await expect(alpha.readiness.check()).rejects.toThrow();
  }, 60_000);
});
