// `npm start`: the whole product on one machine with only Node 24, as one process tree. This process
// is the web tier (auth, cms, polls and the browser app, one HTTPS app); the media tier (RTMPS
// ingest, HLS packaging, playback edge) is its child (media-child.ts), supervised and restarted by it
// (media-supervisor.ts), so a fault in the media tier never stops the web tier. Both share this
// process's in-process bus over the IPC channel. DATABASE_URL / AMQP_URL switch to the real servers.
import fastifyStatic from '@fastify/static';
import { exitOnConfigError, loadConfig } from '@webinar/config';
import { createHttpApp } from '@webinar/http';
import { createBus, InProcessBus } from '@webinar/messaging';
import { createLogger, createMetrics, instrumentFastify, ReadinessRegistry, startMetricsServer } from '@webinar/observability';
import { InternalCredential, loadOrCreateKeySet, RevocationSet } from '@webinar/security';
import { AuthBootstrap } from '@webinar/auth';
import { webAssetsDir } from '@webinar/web';
import { registerAppRoutes } from './app-routes';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderBanner } from './banner';
import { standaloneBreakGlassSecret } from './break-glass-secret';
import { standaloneConfigSchema } from './config';
import { MediaSupervisor } from './media-supervisor';
import { standaloneTls } from './tls';
import { standaloneServiceSettings } from './service-settings';
import { WebRootModule } from './web-root.module';

/** How long a stop waits for the media tier's last events to be handled by the web tier's consumers. */
const BUS_DRAIN_MS = 10_000;

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
let stopMedia: (() => Promise<void>) | undefined;

async function main(): Promise<void> {
  const config = exitOnConfigError(() => loadConfig(standaloneConfigSchema));
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const logger = createLogger({ service: 'standalone', level: config.LOG_LEVEL });

  const tls = await standaloneTls(config, dataDir);
  const bus = await createBus({ ...(config.AMQP_URL ? { amqpUrl: config.AMQP_URL } : {}), logger });
  const accessKeys = await loadOrCreateKeySet({ dir: join(dataDir, 'keys'), name: 'access', use: 'sig' });
  const revocations = new RevocationSet();
  const origin = (port: number): string => `https://${config.PUBLIC_HOST}:${port}`;
  // The media tier asks cms (publish authorisation) and cms and auth (revocation snapshot) over
  // loopback HTTPS, as in the microservices shape, signed with a secret generated once under DATA_DIR.
  const internalCredential = InternalCredential.loadOrCreate(join(dataDir, 'keys', 'media-internal.secret'));
  const breakGlass = standaloneBreakGlassSecret(config.BREAK_GLASS_SECRET_FILE, dataDir);

  const web = await createHttpApp(
    WebRootModule.register({
      platform: { logger, bus },
      dataDir,
      accessKeys,
      revocations,
      internalCredential,
      // One path per setting (service-settings.ts); cms signs stream keys with <DATA_DIR>/keys/media.json,
      // which the media tier here verifies with.
      ...standaloneServiceSettings({ ...config, BREAK_GLASS_SECRET_FILE: breakGlass.file }, dataDir),
      ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    }),
    { logger, https: tls },
  );
  const metrics = createMetrics('standalone');
  instrumentFastify(web.getHttpAdapter().getInstance(), { logger, metrics });
  await web.getHttpAdapter().getInstance().register(fastifyStatic, { root: webAssetsDir, index: ['index.html'] });
  registerAppRoutes(web.getHttpAdapter().getInstance());
  await web.listen({ port: config.PORT, host: config.HOST });

  // The media tier runs in a child process of its own, restarted when it dies; the web tier's
  // readiness reports it, and its bus is this process's, bridged over the IPC channel.
  const mediaTier = new MediaSupervisor({ entry: join(__dirname, 'media-child.js'), bus, logger });
  web.get(ReadinessRegistry).register({ name: 'media', check: () => mediaTier.check() });
  stopMedia = () => mediaTier.stop();
  await mediaTier.start();
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
        breakGlassFile: breakGlass.generated ? breakGlass.file : undefined,
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
    // The media tier first: its last events (the ends of live streams) travel through this process's
    // bus, and reach cms before the web tier's consumers stop.
    await mediaTier.stop();
    if (bus instanceof InProcessBus) await settled(bus.waitForIdle(), BUS_DRAIN_MS);
    await web.close();
    await metricsServer?.close();
    await bus.close();
    logger.info({}, 'stopped cleanly');
    process.exit(0);
  };
  stopNow = (signal) => void stop(signal);
  if (stopRequested) stopNow(stopRequested);
}

/** Waits for `work`, but no longer than `ms`. */
function settled(work: Promise<void>, ms: number): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, ms);
    void work.finally(() => {
      clearTimeout(timer);
      done();
    });
  });
}

main().catch(async (error: unknown) => {
  // A media child already started would otherwise outlive this failed start.
  await stopMedia?.();
  process.stderr.write(`standalone failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  // 3 tells tools/start.mjs's supervisor that a restart would fail the same way.
  process.exit(3);
});
