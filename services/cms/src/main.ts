// cms as its own process (microservices shape).
import { runService } from '@webinar/http';
import { createRemoteKeySet, InternalCredential } from '@webinar/security';
import { CmsModule } from './cms.module';
import { cmsConfigSchema, cmsSettings } from './config';
import { CMS_SERVICE } from './service';

void runService({
  service: CMS_SERVICE,
  configSchema: cmsConfigSchema,
  setup: async (config) => ({
    module: CmsModule.register({
      dataDir: config.DATA_DIR,
      settings: cmsSettings(config),
      // Read once at start; never logged. The media tier signs its internal calls with it.
      ...(config.MEDIA_INTERNAL_SECRET_FILE
        ? { internalCredential: InternalCredential.fromFile(config.MEDIA_INTERNAL_SECRET_FILE) }
        : {}),
      ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    }),
    accessKeys: createRemoteKeySet(new URL(config.AUTH_JWKS_URL)),
  }),
});
