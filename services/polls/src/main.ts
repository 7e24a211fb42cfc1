// polls as its own process (microservices shape).
import { runService } from '@webinar/http';
import { createRemoteKeySet } from '@webinar/security';
import { pollsConfigSchema } from './config';
import { POLLS_PREFIX } from './polls.constants';
import { PollsModule } from './polls.module';

void runService({
  name: 'polls',
  prefix: POLLS_PREFIX,
  audience: POLLS_PREFIX,
  configSchema: pollsConfigSchema,
  setup: async (config) => ({
    module: PollsModule.register({
      dataDir: config.DATA_DIR,
      ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    }),
    accessKeys: createRemoteKeySet(new URL(config.AUTH_JWKS_URL)),
  }),
  openApi: { title: 'polls', version: '1', description: 'Polls and questionnaires with per-person encrypted answers.' },
});
