// Raw query results are `unknown` until checked: a store parses each row against the columns it
// selected, so a renamed column or a changed type fails loudly at the query instead of flowing on as
// a wrongly typed value. The error names the query and the columns, never the values (they may be
// hashes or ciphertexts).
import { z } from 'zod';

/** Column types as the pg driver returns them; timestamps may also arrive as ISO strings. */
export const col = {
  id: z.string(),
  text: z.string(),
  int: z.number().int(),
  bool: z.boolean(),
  time: z.coerce.date(),
} as const;

export class UnexpectedRowShape extends Error {
  constructor(query: string, error: z.ZodError) {
    const problems = error.issues.map((issue) => `${issue.path.join('.') || '(row)'}: ${issue.code}`).join(', ');
    super(`${query}: the database answered rows of an unexpected shape (${problems})`);
    this.name = 'UnexpectedRowShape';
  }
}

/** Every row of a raw result, checked against `shape`. */
export function parseRows<S extends z.ZodType>(query: string, shape: S, raw: unknown): z.output<S>[] {
  const parsed = z.array(shape).safeParse(raw);
  if (!parsed.success) throw new UnexpectedRowShape(query, parsed.error);
  return parsed.data;
}

/** The first row of a raw result (checked), or undefined when there is none. */
export function parseFirstRow<S extends z.ZodType>(query: string, shape: S, raw: unknown): z.output<S> | undefined {
  return parseRows(query, shape, raw)[0];
}
