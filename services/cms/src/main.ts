// cms as its own process (microservices shape).
import { runService } from '@webinar/http';
import { createRemoteKeySet, InternalCredential } from '@webinar/security';
import { CMS_AUDIENCE, CMS_PREFIX } from './cms.constants';
import { CmsModule } from './cms.module';
import { cmsConfigSchema } from './config';

void runService({
  name: 'cms',
  prefix: CMS_PREFIX,
  audience: CMS_AUDIENCE,
  configSchema: cmsConfigSchema,
  setup: async (config) => ({
    module: CmsModule.register({
      dataDir: config.DATA_DIR,
      mediaRtmpsUrl: config.MEDIA_RTMPS_URL,
      mediaEdgeUrl: config.MEDIA_EDGE_URL,
      playbackTokenTtlSeconds: config.PLAYBACK_TOKEN_TTL_SECONDS,
      // Read once at start; never logged. The media tier signs its internal calls with it.
      ...(config.MEDIA_INTERNAL_SECRET_FILE
        ? { internalCredential: InternalCredential.fromFile(config.MEDIA_INTERNAL_SECRET_FILE) }
        : {}),
      ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    }),
    accessKeys: createRemoteKeySet(new URL(config.AUTH_JWKS_URL)),
  }),
  openApi: { title: 'cms', version: '1', description: 'Seminar CMS: companies, seminars, registrations, grants.' },
});
