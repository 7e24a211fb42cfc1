// The microservices shape: one service per process. Validates the environment, then builds the
// logger, the bus and the HTTP app around the service's module, serves its OpenAPI document and
// metrics, and shuts down cleanly on SIGTERM/SIGINT (stop taking requests, drain the bus).
import { type DynamicModule, Module } from '@nestjs/common';
import { exitOnConfigError, loadConfig } from '@webinar/config';
import { createBus } from '@webinar/messaging';
import { createLogger, createMetrics, HealthModule, instrumentFastify, startMetricsServer } from '@webinar/observability';
import { type KeySet, RevocationSet, SecurityModule } from '@webinar/security';
import type { JWTVerifyGetKey } from 'jose';
import type { z } from 'zod';
import { createHttpApp } from './create-app';
import { buildOpenApi, openApiPath } from './openapi';
import { PlatformModule } from './platform.module';
import { revocationFeedProvider } from './revocation-feed';
import { ACCESS_TOKEN_ISSUER, type ServiceBaseConfig } from './service-config';
import type { ServiceDescription } from './service-description';

/** A service's schema: `serviceBaseSchema.extend(...)`, so its output includes the base variables. */
type ServiceSchema = z.ZodObject;

export interface ServiceSetup {
  module: DynamicModule;
  /** Keys that verify access tokens: auth's own key set, or auth's JWKS fetched by other services. */
  accessKeys: KeySet | JWTVerifyGetKey;
  /** HTTPS for the media edge; the web tier runs plain HTTP behind nginx. */
  https?: { key: Buffer; cert: Buffer };
}

export interface ServiceDefinition<S extends ServiceSchema> {
  /** Name, prefix, audience and OpenAPI description: services/<name>/src/service.ts. */
  service: ServiceDescription;
  configSchema: S;
  setup(config: z.infer<S>): Promise<ServiceSetup>;
}

export async function runService<S extends ServiceSchema>(definition: ServiceDefinition<S>): Promise<void> {
  const { service } = definition;
  const config = exitOnConfigError(() => loadConfig(definition.configSchema)) as z.infer<S> & ServiceBaseConfig;
  const logger = createLogger({ service: service.name, level: config.LOG_LEVEL });
  const bus = await createBus({ ...(config.AMQP_URL ? { amqpUrl: config.AMQP_URL } : {}), logger });
  const { module: serviceModule, accessKeys, https } = await definition.setup(config);
  const revocations = new RevocationSet();

  @Module({
    imports: [
      PlatformModule.forRoot({ logger, bus }),
      HealthModule.forRoot(),
      SecurityModule.forRoot({ issuer: ACCESS_TOKEN_ISSUER, audience: service.audience, keys: accessKeys, revocations }),
      serviceModule,
    ],
    // Every service applies auth's revocations to its own guard (logout, disabled account).
    providers: [...revocationFeedProvider(service.name)],
  })
  class ServiceRootModule {}

  const app = await createHttpApp(ServiceRootModule, {
    logger,
    trustProxy: config.TRUST_PROXY,
    ...(https ? { https } : {}),
  });
  const metrics = createMetrics(service.name);
  instrumentFastify(app.getHttpAdapter().getInstance(), { logger, metrics });
  const document = buildOpenApi(app, { service, include: [serviceModule.module] });
  app.getHttpAdapter().getInstance().get(openApiPath(service), async () => document);

  await app.listen({ port: config.PORT, host: config.HOST });
  const metricsServer =
    config.METRICS_PORT > 0
      ? await startMetricsServer({ registry: metrics.registry, port: config.METRICS_PORT, host: config.METRICS_HOST })
      : undefined;
  logger.info({ port: config.PORT, host: config.HOST }, `${service.name} listening`);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${service.name} shutting down`);
    await app.close();
    await metricsServer?.close();
    await bus.close();
    logger.info({}, `${service.name} stopped`);
    process.exit(0);
  };
  process.once('SIGTERM', (s) => void stop(s));
  process.once('SIGINT', (s) => void stop(s));
}
