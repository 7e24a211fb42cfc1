import { type DynamicModule, Module } from '@nestjs/common';
import { databaseReadinessProvider, outboxRelayProvider } from '@webinar/http';
import { PersistenceModule, type DatabaseOptions } from '@webinar/persistence';
import { CMS_SCHEMA } from './cms.constants';
import { CompaniesController } from './companies/companies.controller';
import { CompaniesService } from './companies/companies.service';
import { Company } from './companies/company.entity';
import { cmsMigrations } from './migrations';

export interface CmsModuleOptions {
  databaseUrl?: string;
  dataDir: string;
}

export function cmsDatabase(opts: CmsModuleOptions): DatabaseOptions {
  return {
    service: 'cms',
    schema: CMS_SCHEMA,
    entities: [Company],
    migrations: cmsMigrations,
    dataDir: opts.dataDir,
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
  };
}

/** The seminar CMS: companies (tenants) for now; seminars, registrations and grants build on it. */
@Module({})
export class CmsModule {
  static register(opts: CmsModuleOptions): DynamicModule {
    return {
      module: CmsModule,
      imports: [PersistenceModule.forService(cmsDatabase(opts))],
      controllers: [CompaniesController],
      providers: [CompaniesService, outboxRelayProvider(CMS_SCHEMA), databaseReadinessProvider('cms')],
    };
  }
}
