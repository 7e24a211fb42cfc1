// The cms schema as one database description: its entities and migrations. The module opens it, and
// so do the tools that work on the database without the HTTP service (verify-audit.cli.ts, backups).
import type { DatabaseOptions } from '@webinar/persistence';
import { CMS_SCHEMA } from './cms.constants';
import type { CmsModuleOptions } from './cms.options';
import { cmsMigrations } from './migrations';
import { AuditEntry } from './audit/audit-entry.entity';
import { Company } from './companies/company.entity';
import { CompanySettings } from './settings/company-settings.entity';
import { Grant } from './grants/grant.entity';
import { Person } from './people/person.entity';
import { PersonKey } from './people/person-key.entity';
import { PrivacyErasure } from './privacy/privacy-erasure.entity';
import { PrivacyExport } from './privacy/privacy-export.entity';
import { PrivacyExportPart } from './privacy/privacy-export-part.entity';
import { Registration } from './registrations/registration.entity';
import { Seminar } from './seminars/seminar.entity';
import { StreamKey } from './media/stream-key.entity';

export function cmsDatabase(opts: Pick<CmsModuleOptions, 'dataDir' | 'databaseUrl'>): DatabaseOptions {
  return {
    service: 'cms',
    schema: CMS_SCHEMA,
    entities: [
      Company,
      Seminar,
      Registration,
      Grant,
      StreamKey,
      CompanySettings,
      AuditEntry,
      Person,
      PersonKey,
      PrivacyExport,
      PrivacyExportPart,
      PrivacyErasure,
    ],
    migrations: cmsMigrations,
    dataDir: opts.dataDir,
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
  };
}
