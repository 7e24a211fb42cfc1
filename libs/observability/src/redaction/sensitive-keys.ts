// Censors values by the NAME of their key, at any depth, because pino's path-based redaction cannot match
// key patterns. Runs on every log line: objects are only copied along the paths where something was censored.

export const REDACTED = '[redacted]';

/** Deep enough for `{ req: { headers: { authorization } } }` and a couple of wrapper levels more. */
const MAX_DEPTH = 6;

const SENSITIVE_ANY_CASE =
  /passw(?:or)?d|passphrase|^pwd$|secret|token|cookie|authori[sz]ation|credential|signature|api[-_]?key|private[-_]?key|^(?:.*[-_.])?keys?$|jwt|session[-_]?id|csrf|xsrf/i;
/** camelCase `…Key` (streamKey, signingKey); case-sensitive so that "monkey" or "turkey" pass. */
const SENSITIVE_CAMEL_CASE = /[a-z0-9]Keys?$/;
/** Names that match the patterns above but hold no secret and are useful in logs. */
const NOT_SENSITIVE = new Set([
  'routingKey',
  'routing_key',
  'idempotencyKey',
  'idempotency_key',
  'cacheKey',
  'primaryKey',
  'foreignKey',
  'sortKey',
  'partitionKey',
]);

export function isSensitiveKey(key: string): boolean {
  if (NOT_SENSITIVE.has(key)) return false;
  return SENSITIVE_ANY_CASE.test(key) || SENSITIVE_CAMEL_CASE.test(key);
}

/**
 * Returns `value` with every field whose key looks sensitive replaced by `[redacted]`, looking into plain
 * objects and arrays up to a few levels. Class instances (errors, streams, requests) are left to pino's
 * serializers and path redaction. The input is never mutated; it is returned as is when nothing matched.
 */
export function redactSensitiveKeys<T>(value: T): T {
  return redactValue(value, MAX_DEPTH) as T;
}

function redactValue(value: unknown, depth: number): unknown {
  if (depth < 0 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return redactArray(value, depth);
  if (isPlainObject(value)) return redactObject(value, depth);
  return value;
}

function redactObject(object: Record<string, unknown>, depth: number): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(object)) {
    const current = object[key];
    const next = isSensitiveKey(key)
      ? current === undefined
        ? current
        : REDACTED
      : redactValue(current, depth - 1);
    if (next !== current) {
      copy ??= { ...object };
      copy[key] = next;
    }
  }
  return copy ?? object;
}

function redactArray(array: readonly unknown[], depth: number): readonly unknown[] {
  let copy: unknown[] | undefined;
  for (let index = 0; index < array.length; index++) {
    const current = array[index];
    const next = redactValue(current, depth - 1);
    if (next !== current) {
      copy ??= [...array];
      copy[index] = next;
    }
  }
  return copy ?? array;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
