// The one place auth's table names are written. Entities name their table from here, and the raw SQL
// of the stores (the only code that queries these tables) quotes it from here, so a rename is one
// edit and no string constant is repeated across services.
import { sqlTableOf } from '@webinar/persistence';
import { AUTH_SCHEMA } from './auth.constants';

/** Table names inside the auth schema. */
export const AUTH_TABLES = {
  users: 'users',
  sessions: 'sessions',
  links: 'links',
  credentials: 'credentials',
  recoveryCodes: 'recovery_codes',
  elevations: 'elevations',
  campaigns: 'campaigns',
  campaignSignups: 'campaign_signups',
  companies: 'companies',
  loginBackoff: 'login_backoff',
  rateLimits: 'rate_limits',
} as const;

/** The schema-qualified, quoted name for SQL, e.g. `sqlTable('sessions')`. */
export const sqlTable = sqlTableOf(AUTH_SCHEMA, AUTH_TABLES);
