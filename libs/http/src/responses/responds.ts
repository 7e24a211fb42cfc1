// `@Responds(200, schema)` on a handler declares its success answer: the status and the zod schema of
// the body (`@Responds(204)` for none). The compiler checks the handler's return type against the
// schema (`z.input`: what the handler hands to the serializer), buildOpenApi documents it
// (document-responses.ts), and ResponseCheckInterceptor makes tests parse every answer with it, so
// the document cannot claim a shape the route does not send. A route in the document without a
// declaration has no success response there, which the services' OpenAPI test refuses.
import type { z } from 'zod';

/**
 * Metadata key of the declarations on a handler. libs/observability's health routes set the same key
 * (it sits below this library), like `@PublicRoute()` does for `@Public()`.
 */
export const RESPONDS_METADATA = 'http:responds';

export interface ResponseDeclaration {
  status: number;
  /** Absent for an answer without a body (204). */
  schema?: z.ZodType;
  description?: string;
}

/** A handler returning `T` (or a promise of it), whatever its parameters. */
type Returning<T> = (...args: never[]) => T | Promise<T>;

type RespondsDecorator<T> = <H extends Returning<T>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<H>) => void;

/** The declarations on a handler, in declaration order (top first). */
export function responsesOf(handler: object): readonly ResponseDeclaration[] {
  return (Reflect.getMetadata(RESPONDS_METADATA, handler) as ResponseDeclaration[] | undefined) ?? [];
}

/** The body is the schema's input: a handler returning anything else does not compile. */
export function Responds<S extends z.ZodType>(status: number, schema: S, description?: string): RespondsDecorator<z.input<S>>;
/** No body (204): the handler returns nothing. */
export function Responds(status: 204, schema?: undefined, description?: string): RespondsDecorator<void>;
export function Responds(status: number, schema?: z.ZodType, description?: string): RespondsDecorator<unknown> {
  return (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const declaration: ResponseDeclaration = { status, ...(schema ? { schema } : {}), ...(description ? { description } : {}) };
    // Decorators apply bottom-up: prepend so that the list reads in source order.
    Reflect.defineMetadata(RESPONDS_METADATA, [declaration, ...responsesOf(handler).filter((d) => d.status !== status)], handler);
  };
}
