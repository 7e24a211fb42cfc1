export { openDatabase } from './database';
export type { Database, DatabaseOptions, PersistenceLogger } from './options';
export { MIGRATIONS_TABLE } from './options';
export { PersistenceError, type PersistenceErrorCode } from './errors';
export { serviceRoles, sqlTableOf, type ServiceRoles } from './identifiers';
export {
  withTenant,
  tenantPolicySql,
  scopeTransaction,
  dropTenantPolicySql,
  tablesWithoutRls,
  TENANT_POLICY,
  type TenantContext,
} from './tenant';
export { pendingSchemaChanges } from './drift';
export { col, parseRows, parseFirstRow, UnexpectedRowShape } from './rows';
export { PersistenceModule } from './nest/persistence.module';
export { DatabaseReadiness } from './nest/database-readiness';
export { DATABASE } from './nest/tokens';
