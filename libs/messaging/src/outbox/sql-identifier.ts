import { MessagingError } from '../errors';

const identifierPattern = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Schema names are interpolated into SQL (they cannot be bind parameters), so only plain
 * lower-case identifiers are accepted, and they are quoted as well.
 */
export function quoteSchema(schema: string): string {
  if (!identifierPattern.test(schema)) {
    throw new MessagingError('INVALID_SCHEMA_NAME', `Schema name must match ${identifierPattern.source}`);
  }
  return `"${schema}"`;
}
