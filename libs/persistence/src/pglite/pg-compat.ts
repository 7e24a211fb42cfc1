// Makes PGlite behave like node-postgres where application code can tell: values are parsed by
// pg's own type parsers (int8 and numeric as strings, timestamps as local Dates, bytea as Buffer),
// parameters are prepared by pg's own code, results have pg's shape and errors are pg's
// DatabaseError with the SQLSTATE `code`. Code that works on the embedded engine then works on
// PostgreSQL too.
import { messages, type PGlite, type Results } from '@electric-sql/pglite';
import pg, { DatabaseError, types as pgTypes } from 'pg';

// pg exports its own parameter preparation (Date, Buffer, arrays, objects → wire text) as `utils`,
// which @types/pg does not declare.
const pgUtils = (pg as unknown as { utils: { prepareValue: (value: unknown) => string | Buffer | null } })
  .utils;

export interface PgField {
  name: string;
  dataTypeID: number;
  format: 'text';
}

/** The part of pg's `QueryResult` that TypeORM and application code read. */
export interface PgResult {
  command: string | null;
  rowCount: number | null;
  rows: Record<string, unknown>[];
  fields: PgField[];
}

/** Built-in types have OIDs below FirstNormalObjectId; user types (enums, domains) above. */
const FIRST_NORMAL_OID = 16384;

type TextParser = (value: string) => unknown;
const textParser = pgTypes.getTypeParser.bind(pgTypes) as (oid: number, format: 'text') => TextParser;

function parserFor(oid: number): TextParser {
  // Looked up at each call, so `types.setTypeParser` (or TypeORM's parseInt8) applies here as in pg.
  return (value: string) => textParser(oid, 'text')(value);
}

/**
 * Replaces PGlite's parsers with pg's for every OID either library knows. For user-defined types
 * pg has no parser and returns the text: PGlite's array parsers for them are overridden to match.
 */
export function installPgParsers(pglite: PGlite): void {
  const noParse = textParser(-1, 'text');
  const oids = new Set<number>();
  for (let oid = 0; oid < FIRST_NORMAL_OID; oid++) {
    if (textParser(oid, 'text') !== noParse) oids.add(oid);
  }
  for (const key of Object.keys(pglite.parsers)) {
    const oid = Number(key);
    if (Number.isInteger(oid)) oids.add(oid);
  }
  for (const oid of oids) pglite.parsers[oid] = parserFor(oid);
}

/** Values arrive already prepared by pg (text or Buffer), so PGlite must send them as they are. */
const passThroughSerializers: Record<number, (value: unknown) => string> = new Proxy(
  {},
  { get: () => (value: string) => value },
);

export function queryOptions(): { serializers: Record<number, (value: unknown) => string> } {
  return { serializers: passThroughSerializers };
}

export function prepareParams(values: readonly unknown[]): (string | Buffer | null)[] {
  return values.map((value) => pgUtils.prepareValue(value));
}

export function toPgResult(result: Results): PgResult {
  return {
    command: result.command ?? null,
    // pg's rowCount comes from the statement's command tag (rows returned by SELECT, changed by
    // UPDATE...); PGlite's `rowCount` is exactly that, `affectedRows` sums DML over statements.
    rowCount: result.rowCount ?? null,
    rows: result.rows,
    fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID, format: 'text' })),
  };
}

const ERROR_FIELDS = [
  'severity',
  'code',
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
] as const;

/**
 * PGlite's error carries the query and its parameters (which may hold secrets) and is a different
 * class: rebuild it as pg's DatabaseError with only the server's fields.
 */
export function toPgError(error: unknown): unknown {
  if (!(error instanceof messages.DatabaseError)) return error;
  const pgError = new DatabaseError(error.message, error.length, 'error');
  for (const field of ERROR_FIELDS) pgError[field] = error[field];
  return pgError;
}
