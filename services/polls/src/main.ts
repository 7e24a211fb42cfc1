// polls as its own process (microservices shape).
import { runService } from '@webinar/http';
import { createRemoteKeySet } from '@webinar/security';
import { pollsConfigSchema } from './config';
import { PollsModule } from './polls.module';
import { POLLS_SERVICE } from './service';

void runService({
  service: POLLS_SERVICE,
  configSchema: pollsConfigSchema,
  setup: async (config) => ({
    module: PollsModule.register({
      dataDir: config.DATA_DIR,
      snapshotIntervalMs: config.ROOM_SNAPSHOT_INTERVAL_MS,
      ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    }),
    accessKeys: createRemoteKeySet(new URL(config.AUTH_JWKS_URL)),
  }),
});
