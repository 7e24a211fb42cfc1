// The standalone's media tier in a process of its own, forked and restarted by the web tier
// (media-supervisor.ts): a node-media-server fault or an out-of-memory here ends this process only.
// Its bus is the parent's in-process bus, reached over the IPC channel (or RabbitMQ when AMQP_URL is
// set); its secrets are the files under DATA_DIR that the parent created, found by path, never argv.
import { exitOnConfigError, loadConfig } from '@webinar/config';
import { createHttpApp } from '@webinar/http';
import { createBus, IpcBus, type MessageBus, parentChannel } from '@webinar/messaging';
import { createLogger, createMetrics, instrumentFastify, startMetricsServer } from '@webinar/observability';
import { InternalCredential, loadOrCreateKeySet } from '@webinar/security';
import { join, resolve } from 'node:path';
import { standaloneConfigSchema } from './config';
import { MediaRootModule } from './media-root.module';
import { MEDIA_FRAME, MEDIA_START_FAILED, type MediaStateFrame } from './media-state';
import { loopbackHost, standaloneTls } from './tls';

// A terminal's Ctrl-C reaches this process too (same process group), and the parent forwards
// SIGTERM: either starts the one drain, once the start has finished.
let stopRequested = false;
let stopNow: (() => void) | undefined;
const onSignal = (): void => {
  if (stopNow) stopNow();
  else stopRequested = true;
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const channel = parentChannel();
let stopping = false;
// Without its parent there is nobody to serve and nobody to restart it: leave at once, so that a new
// web tier's media child never shares DATA_DIR with this one. Live streams are ended by that child
// from the live-stream ledger (ADR-9).
channel.onClose(() => {
  if (!stopping) process.exit(1);
});

function tell(state: MediaStateFrame['state']): void {
  const frame: MediaStateFrame = { kind: MEDIA_FRAME, state };
  if (process.connected) process.send?.(frame, () => undefined);
}

async function main(): Promise<void> {
  const config = exitOnConfigError(() => loadConfig(standaloneConfigSchema));
  const dataDir = resolve(config.DATA_DIR);
  const logger = createLogger({ service: 'standalone-media', level: config.LOG_LEVEL });
  const tls = await standaloneTls(config, dataDir);
  const bus: MessageBus = config.AMQP_URL ? await createBus({ amqpUrl: config.AMQP_URL, logger }) : new IpcBus(channel, logger);
  const accessKeys = await loadOrCreateKeySet({ dir: join(dataDir, 'keys'), name: 'access', use: 'sig' });
  const origin = (port: number): string => `https://${config.PUBLIC_HOST}:${port}`;

  const media = await createHttpApp(
    MediaRootModule.register({
      platform: { logger, bus },
      dataDir,
      accessKeys,
      tls: { key: tls.key, cert: tls.cert },
      internalCredential: InternalCredential.loadOrCreate(join(dataDir, 'keys', 'media-internal.secret')),
      host: config.HOST,
      rtmpsPort: config.RTMPS_PORT,
      reconnectGraceMs: config.RECONNECT_GRACE_SECONDS * 1000,
      webOrigin: origin(config.PORT),
      webLoopbackUrl: `https://${loopbackHost(config.HOST)}:${config.PORT}`,
    }),
    { logger, https: tls },
  );
  const metrics = createMetrics('standalone-media');
  instrumentFastify(media.getHttpAdapter().getInstance(), { logger, metrics });
  await media.listen({ port: config.STREAM_PORT, host: config.HOST });
  const metricsServer =
    config.MEDIA_METRICS_PORT > 0
      ? await startMetricsServer({ registry: metrics.registry, port: config.MEDIA_METRICS_PORT, host: config.METRICS_HOST })
      : undefined;
  tell('ready');

  stopNow = () => {
    if (stopping) return;
    stopping = true;
    tell('stopping');
    // Ends live publishes and journals their `stream.ended`, flushes the journal through the
    // parent's bus, removes DATA_DIR/hls (the media node's stop(), services/stream/src/runtime/).
    void (async () => {
      try {
        await media.close();
        await metricsServer?.close();
        await bus.close();
        logger.info({}, 'media tier stopped cleanly');
        process.exit(0);
      } catch (error) {
        logger.error({ error: error instanceof Error ? error.message : String(error) }, 'media tier failed to stop cleanly');
        process.exit(1);
      }
    })();
  };
  if (stopRequested) stopNow();
}

main().catch((error: unknown) => {
  process.stderr.write(`media tier failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(MEDIA_START_FAILED);
});
