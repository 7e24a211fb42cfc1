// cms as its own process (microservices shape).
import { runService } from '@webinar/http';
import { createRemoteKeySet } from '@webinar/security';
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
      ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    }),
    accessKeys: createRemoteKeySet(new URL(config.AUTH_JWKS_URL)),
  }),
  openApi: { title: 'cms', version: '1', description: 'Seminar CMS: companies, seminars, registrations, grants.' },
});
