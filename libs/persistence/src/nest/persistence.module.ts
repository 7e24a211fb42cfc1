// NestJS wiring of a service's database. Non-global on purpose: the standalone process hosts several
// services in one Nest application, and each service module must get its own DataSource.
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { openDatabase } from '../database';
import type { Database, DatabaseOptions } from '../options';
import { DatabaseLifecycle } from './database-lifecycle';
import { DatabaseReadiness } from './database-readiness';
import { DATABASE } from './tokens';

@Module({})
export class PersistenceModule {
  /**
   * Provides `DATABASE`, the `DataSource` (class token, for direct injection and
   * `@InjectDataSource()` in the importing module) and `DatabaseReadiness`. The DataSource is also
   * registered with @nestjs/typeorm under the service's name, so feature modules can use
   * `TypeOrmModule.forFeature([Entity], service)` and `@InjectRepository(Entity, service)`.
   */
  static forService(opts: DatabaseOptions): DynamicModule {
    let opening: Promise<Database> | undefined;
    const open = (): Promise<Database> =>
      (opening ??= openDatabase(opts).then(
        (database): Database => ({
          ...database,
          close: async () => {
            opening = undefined;
            await database.close();
          },
        }),
        (error: unknown) => {
          opening = undefined;
          throw error;
        },
      ));
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          name: opts.service,
          // openDatabase has done the connecting; a failure there is not a transient one to retry.
          useFactory: async () => ({ ...(await open()).dataSource.options, retryAttempts: 1 }),
          dataSourceFactory: async () => (await open()).dataSource,
        }),
      ],
      providers: [
        { provide: DATABASE, useFactory: open },
        { provide: DataSource, useFactory: (database: Database) => database.dataSource, inject: [DATABASE] },
        DatabaseReadiness,
        DatabaseLifecycle,
      ],
      exports: [DATABASE, DataSource, DatabaseReadiness],
    };
  }
}
