import type { Provider } from '@nestjs/common';
import { loadOrCreateKeySet } from '@webinar/security';
import { join } from 'node:path';
import { type CmsModuleOptions, MEDIA_SETTINGS, type MediaSettings } from '../cms.options';

/** The media signing keys (the given set, or `<dataDir>/keys/media.json`) beside the parsed settings, once at boot. */
export function mediaSettingsProvider(opts: CmsModuleOptions): Provider {
  return {
    provide: MEDIA_SETTINGS,
    useFactory: async (): Promise<MediaSettings> => ({
      keys: opts.mediaKeys ?? (await loadOrCreateKeySet({ dir: join(opts.dataDir, 'keys'), name: 'media', use: 'sig' })),
      rtmpsUrl: opts.settings.mediaRtmpsUrl,
      playback: opts.settings.playback,
    }),
  };
}
