import { type DynamicModule, Module } from '@nestjs/common';
import { databaseReadinessProvider, outboxRelayProvider } from '@webinar/http';
import { PersistenceModule, type DatabaseOptions } from '@webinar/persistence';
import { CMS_SCHEMA } from './cms.constants';
import type { CmsModuleOptions } from './cms.options';
import { AuditController } from './audit/audit.controller';
import { AuditConsumer } from './audit/audit.consumer';
import { AuditEntry } from './audit/audit-entry.entity';
import { ElevatedReadAuditInterceptor } from './audit/elevated-read-audit.interceptor';
import { CompaniesController } from './companies/companies.controller';
import { CompaniesService } from './companies/companies.service';
import { Company } from './companies/company.entity';
import { Grant } from './grants/grant.entity';
import { GrantsController } from './grants/grants.controller';
import { GrantsService } from './grants/grants.service';
import { MediaController } from './media/media.controller';
import { mediaSettingsProvider } from './media/media-settings.provider';
import { PlaybackService } from './media/playback.service';
import { StreamKey } from './media/stream-key.entity';
import { StreamKeysService } from './media/stream-keys.service';
import { cmsMigrations } from './migrations';
import { Registration } from './registrations/registration.entity';
import { RegistrationsController } from './registrations/registrations.controller';
import { RegistrationsService } from './registrations/registrations.service';
import { Seminar } from './seminars/seminar.entity';
import { SeminarsController } from './seminars/seminars.controller';
import { SeminarsService } from './seminars/seminars.service';
import { CompanySettings } from './settings/company-settings.entity';
import { SettingsController } from './settings/settings.controller';
import { SettingsService } from './settings/settings.service';

export type { CmsModuleOptions } from './cms.options';

export function cmsDatabase(opts: CmsModuleOptions): DatabaseOptions {
  return {
    service: 'cms',
    schema: CMS_SCHEMA,
    entities: [Company, Seminar, Registration, Grant, StreamKey, CompanySettings, AuditEntry],
    migrations: cmsMigrations,
    dataDir: opts.dataDir,
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
  };
}

/** The seminar CMS: companies (tenants), seminars, registrations, per-seminar grants, media tokens. */
@Module({})
export class CmsModule {
  static register(opts: CmsModuleOptions): DynamicModule {
    return {
      module: CmsModule,
      imports: [PersistenceModule.forService(cmsDatabase(opts))],
      controllers: [
        CompaniesController,
        SeminarsController,
        RegistrationsController,
        GrantsController,
        SettingsController,
        MediaController,
        AuditController,
      ],
      providers: [
        CompaniesService,
        SeminarsService,
        RegistrationsService,
        GrantsService,
        SettingsService,
        StreamKeysService,
        PlaybackService,
        AuditConsumer,
        ElevatedReadAuditInterceptor,
        mediaSettingsProvider(opts),
        outboxRelayProvider(CMS_SCHEMA),
        databaseReadinessProvider('cms'),
      ],
    };
  }
}
