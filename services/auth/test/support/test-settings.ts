// auth's settings in tests: what a deployment that sets only PUBLIC_URL gets (the same schema and
// mapping as main.ts: config.ts), with the test's own overrides on top.
import { loadConfig } from '@webinar/config';
import type { AuthModuleOptions, AuthSettings } from '../../src/auth.options';
import { authSettings, authSettingsEnv } from '../../src/config';

/** A test's changes: settings, and where the database or the media secret come from. */
export type AuthTestOptions = Partial<AuthSettings> & Pick<AuthModuleOptions, 'databaseUrl' | 'internalCredential'>;

export function testAuthSettings(publicUrl: string, dataDir: string, overrides: Partial<AuthSettings> = {}): AuthSettings {
  return { ...authSettings(loadConfig(authSettingsEnv, { PUBLIC_URL: publicUrl }), { dataDir }), ...overrides };
}

/** The module options of a test app: the test database unless the test names another one. */
export function testAuthModuleOptions(
  base: { dataDir: string; databaseUrl?: string; publicUrl: string; accessKeys: AuthModuleOptions['accessKeys'] },
  extra: AuthTestOptions,
): AuthModuleOptions {
  const { databaseUrl, internalCredential, ...settings } = extra;
  const url = databaseUrl ?? base.databaseUrl;
  return {
    dataDir: base.dataDir,
    accessKeys: base.accessKeys,
    settings: testAuthSettings(base.publicUrl, base.dataDir, settings),
    ...(url ? { databaseUrl: url } : {}),
    ...(internalCredential ? { internalCredential } : {}),
  };
}
