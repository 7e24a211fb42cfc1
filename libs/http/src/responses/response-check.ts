// For tests: every answer a handler gives is parsed, as the client receives it (through JSON), with
// the schema its route declares for that status (`@Responds`), and must come out unchanged — no
// missing field, no wrong type, no field the schema does not name. The service test harnesses
// install it, so every integration test that calls a route also proves its OpenAPI document. A
// mismatch is thrown (the test sees a 500 with the route and the issues in the error), never logged
// and forgotten. Production does not pay for it.
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { isDeepStrictEqual } from 'node:util';
import { map, type Observable } from 'rxjs';
import { responsesOf } from './responds';

export class ResponseMismatchError extends Error {
  readonly code = 'RESPONSE.MISMATCH';
}

/** Why `value` (a handler's answer) is not what `@Responds` declares for `status`, or undefined when it is. */
export function responseMismatch(handler: object, status: number, value: unknown): string | undefined {
  const declared = responsesOf(handler);
  if (declared.length === 0) return undefined; // undocumented routes (excluded from the document) are not checked
  const declaration = declared.find((d) => d.status === status);
  if (!declaration) return `answered ${status}, which no @Responds declares (${declared.map((d) => d.status).join(', ')})`;
  if (!declaration.schema) return value === undefined || value === null || value === '' ? undefined : `answered a body on ${status}, declared without one`;
  const wire: unknown = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  const parsed = declaration.schema.safeParse(wire);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
  // A plain z.object drops fields it does not name: the body must have none the document leaves out.
  if (!isDeepStrictEqual(parsed.data, wire)) return `the body carries fields the schema does not declare: ${JSON.stringify(wire).slice(0, 500)}`;
  return undefined;
}

@Injectable()
export class ResponseCheckInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const handler = context.getHandler();
    return next.handle().pipe(
      map((value: unknown) => {
        const reply = context.switchToHttp().getResponse<FastifyReply>();
        const problem = responseMismatch(handler, reply.statusCode, value);
        if (!problem) return value;
        const error = new ResponseMismatchError(`${context.getClass().name}.${handler.name}: ${problem}`);
        // The test harness's logger is silent: say it where the person running the test looks.
        process.stderr.write(`response check: ${error.message}\n`);
        throw error;
      }),
    );
  }
}
