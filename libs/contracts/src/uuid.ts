// The platform's one UUID check, for every place that sees an id before trusting it: message
// envelopes, tenant contexts, path segments in cms and the media tier, the log redaction. It is
// zod's (`z.uuid()`, RFC 9562: version 1-8, the RFC variant, or the nil and max UUIDs), so schemas
// that use `uuidSchema` and code that calls `isUuid` can never disagree about what an id is.
import { z } from 'zod';

export const uuidSchema = z.uuid();

/** Anchored (^…$), case-insensitive. */
export const UUID_PATTERN: RegExp = z.regexes.uuid();

/** A value that is not a UUID cannot name anything: callers answer it like an unknown id. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}
