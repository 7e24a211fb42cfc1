// auth's and cms's settings in the standalone shape: their own schemas parsed the variables
// (config.ts composes them); this adds only what one process derives from PUBLIC_HOST and its ports.
import { authSettings, type AuthSettings } from '@webinar/auth';
import { cmsSettings, type CmsSettings } from '@webinar/cms';
import type { StandaloneConfig } from './config';

export interface StandaloneServiceSettings {
  authSettings: AuthSettings;
  cmsSettings: CmsSettings;
}

export function standaloneServiceSettings(config: StandaloneConfig, dataDir: string): StandaloneServiceSettings {
  const origin = (port: number): string => `https://${config.PUBLIC_HOST}:${port}`;
  return {
    // Where login links point, and the only Origin auth accepts on POSTs.
    authSettings: authSettings({ ...config, PUBLIC_URL: origin(config.PORT) }, { dataDir }),
    // OBS publishes to this process's ingest; players get this process's media origin with each token.
    cmsSettings: cmsSettings({
      ...config,
      MEDIA_RTMPS_URL: `rtmps://${config.PUBLIC_HOST}:${config.RTMPS_PORT}/live`,
      MEDIA_EDGE_URL: config.MEDIA_EDGE_URL ?? origin(config.STREAM_PORT),
    }),
  };
}
