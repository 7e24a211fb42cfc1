import { type DynamicModule, Module } from '@nestjs/common';
import { databaseReadinessProvider } from '@webinar/http';
import { PersistenceModule, type DatabaseOptions } from '@webinar/persistence';
import type { KeySet } from '@webinar/security';
import { AUTH_SCHEMA } from './auth.constants';
import { CompanyCreatedConsumer } from './companies/company-created.consumer';
import { KnownCompany } from './companies/known-company.entity';
import { ACCESS_KEYS } from './keys/access-keys';
import { JwksController } from './keys/jwks.controller';
import { authMigrations } from './migrations';

export interface AuthModuleOptions {
  databaseUrl?: string;
  dataDir: string;
  /** The key set that signs access tokens (generated at first start or supplied by the operator). */
  accessKeys: KeySet;
}

export function authDatabase(opts: Pick<AuthModuleOptions, 'databaseUrl' | 'dataDir'>): DatabaseOptions {
  return {
    service: 'auth',
    schema: AUTH_SCHEMA,
    entities: [KnownCompany],
    migrations: authMigrations,
    dataDir: opts.dataDir,
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
  };
}

/** Identity: key sets (JWKS) and the companies it learns from cms; accounts and links build on it. */
@Module({})
export class AuthModule {
  static register(opts: AuthModuleOptions): DynamicModule {
    return {
      module: AuthModule,
      imports: [PersistenceModule.forService(authDatabase(opts))],
      controllers: [JwksController],
      providers: [
        { provide: ACCESS_KEYS, useValue: opts.accessKeys },
        CompanyCreatedConsumer,
        databaseReadinessProvider('auth'),
      ],
    };
  }
}
