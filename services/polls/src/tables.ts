// The one place polls's table names are written. The raw SQL of the stores (the only code that
// queries these tables) quotes them from here.
import { sqlTableOf } from '@webinar/persistence';
import { POLLS_SCHEMA } from './polls.constants';

/** Table names inside the polls schema. */
export const POLLS_TABLES = {
  seminars: 'seminars',
  registrations: 'registrations',
  grants: 'grants',
  companyKeys: 'company_keys',
  personSalts: 'person_salts',
  shownNames: 'shown_names',
  roomRevisions: 'room_revisions',
} as const;

/** The schema-qualified, quoted name for SQL, e.g. `sqlTable('seminars')`. */
export const sqlTable = sqlTableOf(POLLS_SCHEMA, POLLS_TABLES);
