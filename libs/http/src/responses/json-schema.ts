import { z } from 'zod';

/**
 * A zod schema as the OpenAPI 3.0 documents need it (`nullable`, no `$schema`), for what crosses the
 * wire: `input` is what a request body must be and what a handler hands to the serializer.
 */
export function openApiSchemaOf(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input', target: 'openapi-3.0' });
}
