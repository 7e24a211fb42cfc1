// Reads what config needs to know about a field schema (is it secret? what does it expect?) through the
// wrappers zod puts around it: `.default()`, `.optional()`, pipes and codecs each make a new schema whose
// metadata is not inherited, so the answer may sit on an inner schema.
import type { z } from 'zod';

type AnySchema = z.core.$ZodType;

/** The schema itself, then each schema it wraps, outermost first. */
export function* schemaLayers(schema: AnySchema): Generator<AnySchema> {
  const seen = new Set<AnySchema>();
  const queue: AnySchema[] = [schema];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === undefined || seen.has(current)) continue;
    seen.add(current);
    yield current;
    const def: object = current._zod.def;
    for (const key of ['innerType', 'in', 'out'] as const) {
      const inner: unknown = key in def ? (def as Record<string, unknown>)[key] : undefined;
      if (isZodSchema(inner)) queue.push(inner);
    }
  }
}

export function isZodSchema(value: unknown): value is AnySchema {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

export function findInLayers<R>(schema: AnySchema, pick: (layer: AnySchema) => R | undefined): R | undefined {
  for (const layer of schemaLayers(schema)) {
    const found = pick(layer);
    if (found !== undefined) return found;
  }
  return undefined;
}
