// The stream service as its own process: exposed directly (not behind nginx) with its own TLS.
import { loadOrCreateTlsCertificate, runService } from '@webinar/http';
import { createRemoteKeySet } from '@webinar/security';
import { join } from 'node:path';
import { streamConfigSchema } from './config';
import { STREAM_AUDIENCE, STREAM_PREFIX } from './stream.constants';
import { StreamModule } from './stream.module';

void runService({
  name: 'stream',
  prefix: STREAM_PREFIX,
  audience: STREAM_AUDIENCE,
  configSchema: streamConfigSchema,
  setup: async (config) => {
    const tls = await loadOrCreateTlsCertificate({
      dir: join(config.DATA_DIR, 'tls'),
      ...(config.TLS_CERT_FILE ? { certFile: config.TLS_CERT_FILE } : {}),
      ...(config.TLS_KEY_FILE ? { keyFile: config.TLS_KEY_FILE } : {}),
    });
    return {
      module: StreamModule.register({ dataDir: config.DATA_DIR }),
      accessKeys: createRemoteKeySet(new URL(config.PLAYBACK_JWKS_URL)),
      https: { key: tls.key, cert: tls.cert },
    };
  },
  openApi: { title: 'stream', version: '1', description: 'Media tier: RTMPS ingest, HLS packaging, authorised playback edge.' },
});
