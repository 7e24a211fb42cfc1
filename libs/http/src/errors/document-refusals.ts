// Before the OpenAPI document is built: every route's declared answers become swagger response
// metadata — its success response(s) from `@Responds` (responses/responds.ts) and, per error status,
// the problem body with every code the route may answer: its own `@Refuses`, its controller's, and
// the ones the platform adds whatever the handler does. A route without `@Responds` gets no success
// response in the document (nothing is guessed), which the services' OpenAPI test refuses.
import { HttpStatus, type INestApplication, RequestMethod, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import { type ErrorSpec, SharedErrors } from '@webinar/contracts';
import { type Handler, INTERNAL_METADATA, POLICY_METADATA, PUBLIC_METADATA, routeHandlers } from '../route-audit';
import { BODY_SCHEMA } from '../validation';
import { openApiSchemaOf } from '../responses/json-schema';
import { responsesOf } from '../responses/responds';
import { eachCodeOnce, problemEntry, refusalsOf } from './refuses';

interface PolicyLike {
  mfa?: boolean;
}

/** What the platform answers on a route before (or around) its handler: validation, guards, the filter. */
function implicitRefusals(reflector: Reflector, targets: [Handler, Type<unknown>]): ErrorSpec<never>[] {
  const specs: ErrorSpec<never>[] = [SharedErrors.invalidRequest];
  // Fastify's body parser answers these before validation runs.
  if (reflector.getAllAndOverride<unknown>(BODY_SCHEMA, targets) !== undefined) specs.push(SharedErrors.payloadTooLarge, SharedErrors.unsupportedMediaType);
  if (reflector.getAllAndOverride<boolean>(INTERNAL_METADATA, targets) === true) {
    specs.push(SharedErrors.internalUnauthenticated);
  } else if (reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets) !== true) {
    const policy = reflector.getAllAndOverride<PolicyLike | undefined, string>(POLICY_METADATA, targets);
    specs.push(SharedErrors.unauthenticated, SharedErrors.forbidden);
    if (policy?.mfa !== false) specs.push(SharedErrors.mfaRequired);
    // The guard answers 503 while the issuer's key set cannot be fetched.
    specs.push(SharedErrors.unavailable);
  }
  // Anything unexpected: the exception filter's 500 with an error id, never internals.
  specs.push(SharedErrors.internal);
  return specs;
}

/** The status Nest answers a handler's success with. */
export function successStatus(handler: object, method: RequestMethod): number {
  const declared = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
  return declared ?? (method === RequestMethod.POST ? HttpStatus.CREATED : HttpStatus.OK);
}

const DEFAULT_DESCRIPTIONS: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content' };

function successEntries(route: { controller: Type<unknown>; name: string; handler: Handler; method: RequestMethod }): Record<string, object> {
  const declared = responsesOf(route.handler);
  const status = successStatus(route.handler, route.method);
  // The declaration must name the status Nest really answers with (@HttpCode or its default).
  if (declared.length > 0 && !declared.some((d) => d.status === status)) {
    throw new Error(`${route.controller.name}.${route.name} answers ${status} but @Responds declares ${declared.map((d) => d.status).join(', ')}`);
  }
  return Object.fromEntries(
    declared.map((d) => [
      String(d.status),
      { description: d.description ?? DEFAULT_DESCRIPTIONS[d.status] ?? 'Answer', ...(d.schema ? { schema: openApiSchemaOf(d.schema) } : {}) },
    ]),
  );
}

export function documentRefusals(app: INestApplication): void {
  const reflector = app.get(Reflector);
  for (const route of routeHandlers(app)) {
    const { controller, handler } = route;
    const all = eachCodeOnce([...implicitRefusals(reflector, [handler, controller]), ...refusalsOf(controller), ...refusalsOf(handler)]);
    const next: Record<string, object> = successEntries(route);
    for (const status of new Set(all.map((s) => s.status))) {
      next[String(status)] = problemEntry(all.filter((s) => s.status === status));
    }
    Reflect.defineMetadata(DECORATORS.API_RESPONSE, next, handler);
  }
}
