// Lists every HTTP route of a Nest application with its access declaration, read from the router's
// own metadata. Tests use it so that a route added tomorrow is checked without anyone remembering to
// list it: each route must be explicitly public or carry an access policy.
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { type INestApplication, type Type } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { BODY_SCHEMA } from './validation';
import { responsesOf } from './responses/responds';

/** Metadata key set by `@Public()` in @webinar/security. */
export const PUBLIC_METADATA = 'security:public';
/** Metadata key set by the access-policy decorators of @webinar/security (roles, authenticated). */
export const POLICY_METADATA = 'security:policy';
/** Metadata key set by `@InternalRoute()` in @webinar/security: for our own services, not for people. */
export const INTERNAL_METADATA = 'security:internal';

export interface RouteAccess {
  method: string;
  path: string;
  controller: string;
  handler: string;
  isPublic: boolean;
  hasPolicy: boolean;
  hasBodySchema: boolean;
  /** Called by our own services with the internal credential; no user token reaches it. */
  isInternal: boolean;
}

function joinPath(...parts: (string | undefined)[]): string {
  const joined = parts
    .filter((p): p is string => typeof p === 'string' && p.length > 0)
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p.length > 0)
    .join('/');
  return `/${joined}`;
}

function firstPath(value: unknown): string | undefined {
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** A controller method, as Reflector and Reflect metadata take it. */
export type Handler = (...args: never[]) => unknown;

/** One handler of one controller, as the router registered it. */
export interface RouteHandler {
  controller: Type<unknown>;
  name: string;
  handler: Handler;
  method: RequestMethod;
  path: string | undefined;
}

/** Every route handler of every controller of the application (route audit and OpenAPI both walk these). */
export function routeHandlers(app: INestApplication): RouteHandler[] {
  const handlers: RouteHandler[] = [];
  for (const moduleRef of app.get(ModulesContainer).values()) {
    for (const wrapper of moduleRef.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        handlers.push({ controller, name, handler: handler as Handler, method, path: firstPath(path) });
      }
    }
  }
  return handlers;
}

/** Routes as declared by controllers; `prefixes` maps a controller class to its module prefix. */
export function listRoutes(app: INestApplication, prefixOf: (controller: Type<unknown>) => string = () => ''): RouteAccess[] {
  const reflector = app.get(Reflector);
  const routes = routeHandlers(app).map(({ controller, name, handler, method, path }): RouteAccess => {
    const targets = [handler, controller];
    return {
      method: RequestMethod[method],
      path: joinPath(prefixOf(controller), firstPath(Reflect.getMetadata(PATH_METADATA, controller)), path),
      controller: controller.name,
      handler: name,
      isPublic: reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets) === true,
      hasPolicy: reflector.getAllAndOverride<unknown>(POLICY_METADATA, targets) !== undefined,
      hasBodySchema: reflector.getAllAndOverride<unknown>(BODY_SCHEMA, targets) !== undefined,
      isInternal: reflector.getAllAndOverride<boolean>(INTERNAL_METADATA, targets) === true,
    };
  });
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/**
 * Routes that declare no success answer (`@Responds`), leaving out `exceptions` (`METHOD /path` →
 * why the route has none to declare, e.g. a redirect the handler sends itself).
 */
export function routesWithoutResponse(app: INestApplication, exceptions: Readonly<Record<string, string>> = {}): string[] {
  const declared = new Set(routeHandlers(app).filter((r) => responsesOf(r.handler).length > 0).map((r) => `${r.controller.name}.${r.name}`));
  return listRoutes(app)
    .filter((r) => !declared.has(`${r.controller}.${r.handler}`))
    .map((r) => `${r.method} ${r.path}`)
    .filter((route) => !(route in exceptions));
}

/** Routes that are neither explicitly public nor covered by an access policy. */
export function undeclaredRoutes(routes: RouteAccess[]): RouteAccess[] {
  return routes.filter((r) => !r.isPublic && !r.hasPolicy);
}
