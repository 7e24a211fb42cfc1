import { type DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { databaseReadinessProvider, messageConsumersProvider, outboxRelayProvider } from '@webinar/http';
import { PersistenceModule } from '@webinar/persistence';
import { cmsDatabase } from './cms-database';
import { INTERNAL_CREDENTIAL } from '@webinar/security';
import { CMS_SCHEMA } from './cms.constants';
import type { CmsModuleOptions } from './cms.options';
import { AuditController } from './audit/audit.controller';
import { AuditConsumer } from './audit/audit.consumer';
import { CmsElevatedRequestAudit } from './audit/elevated-request-audit.interceptor';
import { CompaniesController } from './companies/companies.controller';
import { CompaniesService } from './companies/companies.service';
import { CompaniesStore } from './companies/companies-store';
import { GrantsController } from './grants/grants.controller';
import { GrantsService } from './grants/grants.service';
import { GrantsStore } from './grants/grants-store';
import { GrantPrivileges } from './grants/grant-privileges';
import { SeminarPrivileges } from './seminars/seminar-privileges';
import { InternalMediaController } from './media/internal-media.controller';
import { InternalMediaService } from './media/internal-media.service';
import { MediaController } from './media/media.controller';
import { mediaSettingsProvider } from './media/media-settings.provider';
import { PlaybackService } from './media/playback.service';
import { StreamKeysService } from './media/stream-keys.service';
import { StreamKeysStore } from './media/stream-keys-store';
import { MeController } from './me/me.controller';
import { MeService } from './me/me.service';
import { PeopleController } from './people/people.controller';
import { peopleKeysProvider } from './people/people-keys';
import { PeopleService } from './people/people.service';
import { PeopleStore } from './people/people-store';
import { PersonVault } from './people/person-vault';
import { PersonKeysStore } from './people/person-keys-store';
import { PersonDataReader } from './me/person-data';
import { PrivacyExportsStore } from './privacy/privacy-exports-store';
import { PrivacyErasuresStore } from './privacy/privacy-erasures-store';
import { AuditLogStore } from './audit/audit-log-store';
import { ErasureService } from './privacy/erasure.service';
import { ExportSweeper } from './privacy/export-sweeper';
import { ExportsService } from './privacy/exports.service';
import { PrivacyConsumer } from './privacy/privacy.consumer';
import { PrivacyController } from './privacy/privacy.controller';
import { RegistrationsController } from './registrations/registrations.controller';
import { RegistrationsService } from './registrations/registrations.service';
import { RegistrationsStore } from './registrations/registrations-store';
import { SeminarsController } from './seminars/seminars.controller';
import { SeminarsService } from './seminars/seminars.service';
import { SeminarsStore } from './seminars/seminars-store';
import { StreamLifecycleConsumer } from './seminars/stream-lifecycle.consumer';
import { SettingsController } from './settings/settings.controller';
import { SettingsService } from './settings/settings.service';
import { SettingsStore } from './settings/settings-store';

export type { CmsModuleOptions } from './cms.options';
export { cmsDatabase } from './cms-database';

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
        PeopleController,
        MeController,
        PrivacyController,
        InternalMediaController,
      ],
      providers: [
        // The stores: the only code that queries cms's tables (PeopleStore below, with its vault).
        CompaniesStore,
        SeminarsStore,
        RegistrationsStore,
        GrantsStore,
        GrantPrivileges,
        // seminars asks grants through a port (it sits below grants): see seminars/seminar-privileges.ts.
        { provide: SeminarPrivileges, useExisting: GrantPrivileges },
        SettingsStore,
        StreamKeysStore,
        AuditLogStore,
        PersonKeysStore,
        PrivacyExportsStore,
        PrivacyErasuresStore,
        PersonDataReader,
        CompaniesService,
        SeminarsService,
        RegistrationsService,
        GrantsService,
        SettingsService,
        StreamKeysService,
        PlaybackService,
        InternalMediaService,
        // The media tier's internal routes accept only requests signed with it; absent, none.
        { provide: INTERNAL_CREDENTIAL, useValue: opts.internalCredential ?? null },
        AuditConsumer,
        StreamLifecycleConsumer,
        // Global so that every cms route is covered and refused requests are seen; acts on /cms/ only.
        { provide: APP_INTERCEPTOR, useClass: CmsElevatedRequestAudit },
        mediaSettingsProvider(opts),
        peopleKeysProvider(opts),
        PersonVault,
        PeopleStore,
        PeopleService,
        MeService,
        ExportsService,
        ErasureService,
        PrivacyConsumer,
        ExportSweeper,
        outboxRelayProvider(CMS_SCHEMA),
        ...messageConsumersProvider(CMS_SCHEMA),
        databaseReadinessProvider('cms'),
      ],
    };
  }
}
