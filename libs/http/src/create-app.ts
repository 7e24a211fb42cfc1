// Builds a NestJS application on Fastify with what every service of the web tier needs: security
// headers, cookies, one exception filter, request validation, bounded bodies and clean shutdown.
import cookie from '@fastify/cookie';
import type { DynamicModule, Type } from '@nestjs/common';
import { Reflector, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
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

export async function createHttpApp(
  rootModule: Type<unknown> | DynamicModule,
  opts: HttpAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    logger: false,
    bodyLimit: opts.bodyLimitBytes ?? 64 * 1024,
    trustProxy: opts.trustProxy ?? false,
    return503OnClosing: true,
    ...(opts.https ? { https: { key: opts.https.key, cert: opts.https.cert, minVersion: 'TLSv1.2' as const } } : {}),
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
  app.enableShutdownHooks();
  return app;
}
