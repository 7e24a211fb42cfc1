// The services' settings as `npm start` gets them with no variable set (PUBLIC_URL https://localhost:8443).
import { loadConfig } from '@webinar/config';
import { standaloneConfigSchema } from '../src/config';
import { standaloneServiceSettings, type StandaloneServiceSettings } from '../src/service-settings';

export function defaultServiceSettings(dataDir: string): StandaloneServiceSettings {
  return standaloneServiceSettings(loadConfig(standaloneConfigSchema, {}), dataDir);
}
