// The one place cms's table names are written. Entities name their table from here, and the raw SQL
// of the stores (the only code that queries these tables) quotes it from here.
import { sqlTableOf } from '@webinar/persistence';
import { CMS_SCHEMA } from './cms.constants';

/** Table names inside the cms schema. */
export const CMS_TABLES = {
  companies: 'companies',
  seminars: 'seminars',
  registrations: 'registrations',
  grants: 'grants',
  streamKeys: 'stream_keys',
  companySettings: 'company_settings',
  auditLog: 'audit_log',
  people: 'people',
  personKeys: 'person_keys',
  privacyExports: 'privacy_exports',
  privacyExportParts: 'privacy_export_parts',
  privacyErasures: 'privacy_erasures',
} as const;

/** The schema-qualified, quoted name for SQL, e.g. `sqlTable('sessions')`. */
export const sqlTable = sqlTableOf(CMS_SCHEMA, CMS_TABLES);
