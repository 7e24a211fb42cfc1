// Builds a NestJS application on Fastify with what every service of the web tier needs: security
// headers, cookies, one exception filter, request validation and bounded bodies.
import cookie from '@fastify/cookie';
import type { DynamicModule, Type } from '@nestjs/common';
import { Reflector, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { tlsServerOptions } from '@webinar/security';
import { GlobalExceptionFilter } from './exception-filter';
import { NestLoggerAdapter, type StructuredLogger } from './nest-logger';
import { registerSecurityHeaders } from './security-headers';
import { RequestValidationInterceptor } from './validation';

export interface HttpAppOptions {
  logger: StructuredLogger;
  https?: { key: string | Buffer; cert: string | Buffer };
  /** Largest accepted request body; bigger ones get 413 REQUEST.TOO_LARGE. */
  bodyLimitBytes?: number;
  /** Set behind nginx so the client address comes from X-Forwarded-For. */
  trustProxy?: boolean;
}

/**
 * Longest path parameter the router matches. Fastify's default (100) answers longer ids with 414
 * before any handler runs, where an unknown id answers 404 with the resource's code; this bound is
 * Node's whole request-head limit (16 KiB), so every id that reaches the process reaches its handler,
 * which validates it and answers a malformed one exactly like an unknown one.
 */
export const MAX_PARAM_LENGTH = 16 * 1024;

export async function createHttpApp(
  rootModule: Type<unknown> | DynamicModule,
  opts: HttpAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    logger: false,
    bodyLimit: opts.bodyLimitBytes ?? 64 * 1024,
    trustProxy: opts.trustProxy ?? false,
    return503OnClosing: true,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    ...(opts.https ? { https: tlsServerOptions(opts.https) } : {}),
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    logger: new NestLoggerAdapter(opts.logger),
    abortOnError: false,
  });
  const instance = app.getHttpAdapter().getInstance();
  await registerSecurityHeaders(instance);
  await instance.register(cookie);
  app.useGlobalFilters(new GlobalExceptionFilter(opts.logger));
  app.useGlobalInterceptors(new RequestValidationInterceptor(app.get(Reflector)));
  // No enableShutdownHooks(): Nest's signal handler closes the app and then re-sends the signal to the
  // process, which killed it (exit 130) before the composition root had drained the other app and the
  // bus. The composition roots (runService, the standalone) own SIGINT/SIGTERM and call app.close(),
  // which runs the same shutdown hooks.
  return app;
}
