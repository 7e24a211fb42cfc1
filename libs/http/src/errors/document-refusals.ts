// Before the OpenAPI document is built: every route's declared refusals (its own `@Refuses`, its
// controller's, and the ones the platform adds whatever the handler does) become swagger response
// metadata, beside the success response swagger would otherwise have inferred on its own.
import { HttpStatus, type INestApplication, RequestMethod, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import { type ErrorSpec, SharedErrors } from '@webinar/contracts';
import { type Handler, INTERNAL_METADATA, POLICY_METADATA, PUBLIC_METADATA, routeHandlers } from '../route-audit';
import { eachCodeOnce, problemEntry, refusalsOf } from './refuses';

interface PolicyLike {
  mfa?: boolean;
}

/** What the platform answers on a route before (or around) its handler: validation, guards. */
function implicitRefusals(reflector: Reflector, targets: [Handler, Type<unknown>]): ErrorSpec<never>[] {
  const specs: ErrorSpec<never>[] = [SharedErrors.invalidRequest];
  if (reflector.getAllAndOverride<boolean>(INTERNAL_METADATA, targets) === true) {
    specs.push(SharedErrors.internalUnauthenticated);
  } else if (reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets) !== true) {
    const policy = reflector.getAllAndOverride<PolicyLike | undefined, string>(POLICY_METADATA, targets);
    specs.push(SharedErrors.unauthenticated, SharedErrors.forbidden);
    if (policy?.mfa !== false) specs.push(SharedErrors.mfaRequired);
    // The guard answers 503 while the issuer's key set cannot be fetched.
    specs.push(SharedErrors.unavailable);
  }
  return specs;
}

function successStatus(handler: object, method: RequestMethod): number {
  const declared = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
  return declared ?? (method === RequestMethod.POST ? HttpStatus.CREATED : HttpStatus.OK);
}

export function documentRefusals(app: INestApplication): void {
  const reflector = app.get(Reflector);
  for (const { controller, handler, method } of routeHandlers(app)) {
    const all = eachCodeOnce([...implicitRefusals(reflector, [handler, controller]), ...refusalsOf(controller), ...refusalsOf(handler)]);
    const responses = (Reflect.getMetadata(DECORATORS.API_RESPONSE, handler) as Record<string, object> | undefined) ?? {
      [successStatus(handler, method)]: { description: '' },
    };
    const next: Record<string, object> = { ...responses };
    for (const status of new Set(all.map((s) => s.status))) {
      next[String(status)] = problemEntry(all.filter((s) => s.status === status));
    }
    Reflect.defineMetadata(DECORATORS.API_RESPONSE, next, handler);
  }
}
