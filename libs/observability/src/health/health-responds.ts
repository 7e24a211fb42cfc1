import type { z } from 'zod';

/**
 * The same key and value as `@Responds` in @webinar/http: buildOpenApi documents the answer and the
 * tests' response check parses it. Duplicated here (like PUBLIC_ROUTE_METADATA_KEY) so that
 * observability stays below http in the dependency graph; the handler's return type is checked the
 * same way.
 */
export const RESPONDS_METADATA_KEY = 'http:responds';

export function HealthResponds<S extends z.ZodType>(status: number, schema: S) {
  return <H extends (...args: never[]) => z.input<S> | Promise<z.input<S>>>(_target: object, _key: string | symbol, descriptor: TypedPropertyDescriptor<H>): void => {
    const handler = descriptor.value as object;
    const declared = (Reflect.getMetadata(RESPONDS_METADATA_KEY, handler) as object[] | undefined) ?? [];
    Reflect.defineMetadata(RESPONDS_METADATA_KEY, [{ status, schema }, ...declared], handler);
  };
}
