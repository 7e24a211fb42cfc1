// auth as its own process (microservices shape). Its keys are generated at first start under
// KEYS_DIR (default DATA_DIR/keys) unless the operator supplies them there. When no root account has
// signed in yet, the one-time root login link is written to DATA_DIR/root-login-link (mode 0600);
// the log says only that it was written, never the link.
import { runService } from '@webinar/http';
import { InternalCredential, loadOrCreateKeySet } from '@webinar/security';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AuthModule } from './auth.module';
import { authConfigSchema, authSettings } from './config';
import { AUTH_SERVICE } from './service';

void runService({
  service: AUTH_SERVICE,
  configSchema: authConfigSchema,
  setup: async (config) => {
    const keysDir = config.KEYS_DIR ?? join(config.DATA_DIR, 'keys');
    await mkdir(config.DATA_DIR, { recursive: true, mode: 0o700 });
    const accessKeys = await loadOrCreateKeySet({ dir: keysDir, name: 'access', use: 'sig' });
    return {
      module: AuthModule.register({
        dataDir: config.DATA_DIR,
        accessKeys,
        settings: authSettings(config, { dataDir: config.DATA_DIR, keysDir, rootLinkFile: join(config.DATA_DIR, 'root-login-link') }),
        ...(config.MEDIA_INTERNAL_SECRET_FILE
          ? { internalCredential: InternalCredential.fromFile(config.MEDIA_INTERNAL_SECRET_FILE) }
          : {}),
        ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
      }),
      accessKeys,
    };
  },
});
