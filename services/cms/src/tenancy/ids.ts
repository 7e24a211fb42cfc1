import { z } from 'zod';

const uuid = z.uuid();

/** A path segment that is not a uuid cannot name anything: callers answer it like an unknown id. */
export function isUuid(value: unknown): value is string {
  return uuid.safeParse(value).success;
}
