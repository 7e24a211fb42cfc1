// auth as its own process (microservices shape). Its signing keys are generated at first start
// under KEYS_DIR (default DATA_DIR/keys) unless the operator supplies them there.
import { runService } from '@webinar/http';
import { loadOrCreateKeySet } from '@webinar/security';
import { join } from 'node:path';
import { AUTH_AUDIENCE, AUTH_PREFIX } from './auth.constants';
import { AuthModule } from './auth.module';
import { authConfigSchema } from './config';

void runService({
  name: 'auth',
  prefix: AUTH_PREFIX,
  audience: AUTH_AUDIENCE,
  configSchema: authConfigSchema,
  setup: async (config) => {
    const accessKeys = await loadOrCreateKeySet({
      dir: config.KEYS_DIR ?? join(config.DATA_DIR, 'keys'),
      name: 'access',
      use: 'sig',
    });
    return {
      module: AuthModule.register({
        dataDir: config.DATA_DIR,
        accessKeys,
        ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
      }),
      accessKeys,
    };
  },
  openApi: { title: 'auth', version: '1', description: 'Identity: invitations, login links, sessions, roles, key sets.' },
});
