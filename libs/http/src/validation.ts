// Every request body and query string is validated against a zod schema declared on the handler.
// A handler that declares none accepts no body and no query parameters, so nothing unvalidated
// reaches a controller by accident.
import {
  applyDecorators,
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import type { z } from 'zod';
import { SharedErrors } from '@webinar/contracts';
import { openApiSchemaOf } from './responses/json-schema';

export const BODY_SCHEMA = 'http:body-schema';
export const QUERY_SCHEMA = 'http:query-schema';

/** Declares and enforces the request body of a handler (also documents it in OpenAPI). */
export function BodySchema(schema: z.ZodType): MethodDecorator {
  return applyDecorators(SetMetadata(BODY_SCHEMA, schema), ApiBody({ schema: openApiSchemaOf(schema) }));
}

/** Declares and enforces the query string of a handler (also documents it in OpenAPI). */
export function QuerySchema(schema: z.ZodObject): MethodDecorator {
  const docs = Object.keys(schema.shape).map((name) =>
    ApiQuery({ name, required: !(schema.shape[name] as z.ZodType | undefined)?.safeParse(undefined).success, type: String }),
  );
  return applyDecorators(SetMetadata(QUERY_SCHEMA, schema), ...docs);
}

function invalid(issues: { path: string; message: string }[]): BadRequestException {
  return new BadRequestException({
    code: SharedErrors.invalidRequest.code,
    message: SharedErrors.invalidRequest.message,
    issues: issues.slice(0, 20),
  });
}

function issuesOf(error: z.ZodError, where: 'body' | 'query'): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

@Injectable()
export class RequestValidationInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const bodySchema = this.reflector.getAllAndOverride<z.ZodType | undefined>(BODY_SCHEMA, targets);
    const querySchema = this.reflector.getAllAndOverride<z.ZodType | undefined>(QUERY_SCHEMA, targets);

    if (bodySchema) {
      const parsed = bodySchema.safeParse(request.body);
      if (!parsed.success) throw invalid(issuesOf(parsed.error, 'body'));
      request.body = parsed.data;
    } else if (!isEmpty(request.body)) {
      throw invalid([{ path: 'body', message: 'This endpoint takes no request body.' }]);
    }

    if (querySchema) {
      const parsed = querySchema.safeParse(request.query ?? {});
      if (!parsed.success) throw invalid(issuesOf(parsed.error, 'query'));
      request.query = parsed.data;
    } else if (!isEmpty(request.query)) {
      throw invalid([{ path: 'query', message: 'This endpoint takes no query parameters.' }]);
    }
    return next.handle();
  }
}
