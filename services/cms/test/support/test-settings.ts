// cms's settings in tests: what a deployment with no cms variable set gets (the same schema and
// mapping as main.ts: config.ts), with the test's own values on top.
import { loadConfig } from '@webinar/config';
import type { CmsSettings } from '../../src/cms.options';
import { cmsSettings, cmsSettingsEnv } from '../../src/config';

export function testCmsSettings(env: Record<string, string> = {}): CmsSettings {
  return cmsSettings(loadConfig(cmsSettingsEnv, env));
}
