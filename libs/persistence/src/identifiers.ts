// Service and schema names end up inside SQL as identifiers (role and schema names cannot be bound
// parameters), so they are checked against a strict pattern before any SQL is built from them.
import { PersistenceError } from './errors';

const IDENTIFIER = /^[a-z][a-z0-9_]{0,39}$/;

export function assertIdentifier(kind: string, value: string): string {
  if (!IDENTIFIER.test(value)) {
    throw new PersistenceError(
      'INVALID_IDENTIFIER',
      `${kind} must match ${IDENTIFIER.source}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Double-quotes an identifier that already passed `assertIdentifier` (or any name, escaping quotes). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The SQL name of a service's tables, built once from its name map, so a store never spells a table
 * name out: `sqlTableOf('auth', { sessions: 'sessions' })('sessions')` is `"auth"."sessions"`.
 */
export function sqlTableOf<const Names extends Record<string, string>>(schema: string, names: Names): (table: keyof Names) => string {
  const quotedSchema = quoteIdent(assertIdentifier('schema', schema));
  return (table) => `${quotedSchema}.${quoteIdent(assertIdentifier('table', names[table]!))}`;
}

export interface ServiceRoles {
  /** Owns the schema and its tables; migrations run as this role. */
  readonly owner: string;
  /** What the running service queries as: data privileges only, subject to row-level security. */
  readonly app: string;
}

export function serviceRoles(service: string): ServiceRoles {
  assertIdentifier('service', service);
  return { owner: `${service}_owner`, app: `${service}_app` };
}
