import { z } from 'zod';

/** Every entity id on the bus is a UUID; consumers use them as keys and in SQL. */
export const id = z.uuid();

/** ISO 8601 with an explicit zone, as produced by `Date.prototype.toISOString()`. */
export const timestamp = z.iso.datetime({ offset: true });

/** Bounded human text: a huge string on the bus is a bug or an attack, never a feature. */
export function text(max: number): z.ZodString {
  return z.string().min(1).max(max);
}
