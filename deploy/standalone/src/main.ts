// `npm start`: the whole product on one machine with only Node 24. The web tier (auth, cms, polls
// and the browser app) is one HTTPS process; the media tier runs beside it in the same process so
// that both share the in-process bus. DATABASE_URL / AMQP_URL switch to the real servers.
import fastifyStatic from '@fastify/static';
import { Module } from '@nestjs/common';
import { exitOnConfigError, loadConfig } from '@webinar/config';
import { ACCESS_TOKEN_ISSUER, createHttpApp, loadOrCreateTlsCertificate, PlatformModule } from '@webinar/http';
import { createBus } from '@webinar/messaging';
import { createLogger, createMetrics, HealthModule, instrumentFastify, startMetricsServer } from '@webinar/observability';
import { InternalCredential, loadOrCreateKeySet, RevocationSet, SecurityModule } from '@webinar/security';
import { AuthBootstrap } from '@webinar/auth';
import { HttpMediaAuthority, STREAM_AUDIENCE, StreamModule } from '@webinar/stream';
import { webAssetsDir } from '@webinar/web';
import { registerAppRoutes } from './app-routes';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderBanner } from './banner';
import { standaloneConfigSchema } from './config';
import { standaloneServiceSettings } from './service-settings';
import { WebRootModule } from './web-root.module';

// Installed before anything starts: a Ctrl-C during start-up waits for the start, then stops cleanly
// (installed later, an early SIGINT killed the process with status 1 before `stop` existed).
let stopRequested: string | undefined;
let stopNow: ((signal: string) => void) | undefined;
const onSignal = (signal: string): void => {
  if (stopNow) stopNow(signal);
  else stopRequested ??= signal;
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

async function main(): Promise<void> {
  const config = exitOnConfigError(() => loadConfig(standaloneConfigSchema));
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const logger = createLogger({ service: 'standalone', level: config.LOG_LEVEL });

  const tls = await loadOrCreateTlsCertificate({
    dir: join(dataDir, 'tls'),
    hostnames: [config.PUBLIC_HOST],
    ...(config.TLS_CERT_FILE ? { certFile: config.TLS_CERT_FILE } : {}),
    ...(config.TLS_KEY_FILE ? { keyFile: config.TLS_KEY_FILE } : {}),
  });
  const bus = await createBus({ ...(config.AMQP_URL ? { amqpUrl: config.AMQP_URL } : {}), logger });
  const accessKeys = await loadOrCreateKeySet({ dir: join(dataDir, 'keys'), name: 'access', use: 'sig' });
  const revocations = new RevocationSet();
  const origin = (port: number): string => `https://${config.PUBLIC_HOST}:${port}`;
  // The media tier asks cms (publish authorisation) and cms and auth (revocation snapshot) over
  // loopback HTTPS, as in the microservices shape, signed with a secret generated once under DATA_DIR.
  const internalCredential = InternalCredential.loadOrCreate(join(dataDir, 'keys', 'media-internal.secret'));

  const web = await createHttpApp(
    WebRootModule.register({
      platform: { logger, bus },
      dataDir,
      accessKeys,
      revocations,
      internalCredential,
      // One path per setting (service-settings.ts); cms signs stream keys with <DATA_DIR>/keys/media.json,
      // which the media tier here verifies with.
      ...standaloneServiceSettings(config, dataDir),
      ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    }),
    { logger, https: tls },
  );
  const metrics = createMetrics('standalone');
  instrumentFastify(web.getHttpAdapter().getInstance(), { logger, metrics });
  await web.getHttpAdapter().getInstance().register(fastifyStatic, { root: webAssetsDir, index: ['index.html'] });
  registerAppRoutes(web.getHttpAdapter().getInstance());
  await web.listen({ port: config.PORT, host: config.HOST });
  const webLoopbackUrl = `https://${loopbackHost(config.HOST)}:${config.PORT}`;

  @Module({
    imports: [
      PlatformModule.forRoot({ logger, bus }),
      HealthModule.forRoot(),
      // Deny by default on the media host too; playback tokens get their own key set with the edge.
      SecurityModule.forRoot({ issuer: ACCESS_TOKEN_ISSUER, audience: STREAM_AUDIENCE, keys: accessKeys, revocations }),
      // Stream keys and playback tokens are verified with <dataDir>/keys/media.json (cms signs with it).
      StreamModule.register({
        dataDir,
        tls: { key: tls.key, cert: tls.cert },
        ingest: { host: config.HOST, rtmpsPort: config.RTMPS_PORT },
        webOrigin: origin(config.PORT),
        authority: new HttpMediaAuthority({
          credential: internalCredential,
          caller: 'stream.standalone',
          cmsUrl: webLoopbackUrl,
          authUrl: webLoopbackUrl,
          // The web app's own certificate, pinned; its host name is PUBLIC_HOST, not the loopback address.
          ca: tls.cert,
          skipHostnameCheck: true,
        }),
      }),
    ],
  })
  class MediaRootModule {}
  const media = await createHttpApp(MediaRootModule, { logger, https: tls });
  instrumentFastify(media.getHttpAdapter().getInstance(), { logger, metrics });
  await media.listen({ port: config.STREAM_PORT, host: config.HOST });
  const metricsServer =
    config.METRICS_PORT > 0
      ? await startMetricsServer({ registry: metrics.registry, port: config.METRICS_PORT, host: config.METRICS_HOST })
      : undefined;

  // Taken once: the link exists only in this process's memory and on this terminal.
  const rootLoginLink = web.get(AuthBootstrap).takeRootLoginLink();
  if (config.PRINT_BANNER) {
    process.stdout.write(
      renderBanner({
        webUrl: `${origin(config.PORT)}/`,
        mediaUrl: `${origin(config.STREAM_PORT)}/`,
        rtmpsUrl: `rtmps://${config.PUBLIC_HOST}:${config.RTMPS_PORT}/live`,
        rootLoginLink,
        certPath: tls.certPath,
        dataDir,
        storage: config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${join(dataDir, 'pglite')}`,
        bus: config.AMQP_URL ? 'RabbitMQ (AMQP_URL)' : 'in-process',
      }) + '\n',
    );
  }

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await media.close();
    await web.close();
    await metricsServer?.close();
    await bus.close();
    logger.info({}, 'stopped cleanly');
    process.exit(0);
  };
  stopNow = (signal) => void stop(signal);
  if (stopRequested) stopNow(stopRequested);
}

/** Where this process reaches its own web app: the bound address, or loopback for a wildcard bind. */
function loopbackHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

main().catch((error: unknown) => {
  process.stderr.write(`standalone failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  // 3 tells tools/start.mjs's supervisor that a restart would fail the same way.
  process.exit(3);
});
