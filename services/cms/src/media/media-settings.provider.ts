import type { Provider } from '@nestjs/common';
import { loadOrCreateKeySet } from '@webinar/security';
import { join } from 'node:path';
import { type CmsModuleOptions, DEFAULT_MEDIA_RTMPS_URL, MEDIA_SETTINGS, type MediaSettings } from '../cms.options';
import { resolvePlaybackSettings } from './playback-settings';

/**
 * Resolves the media signing keys (the given set, or `<dataDir>/keys/media.json`) and the playback
 * settings once at boot; a lifetime out of bounds stops the start.
 */
export function mediaSettingsProvider(opts: CmsModuleOptions): Provider {
  return {
    provide: MEDIA_SETTINGS,
    useFactory: async (): Promise<MediaSettings> => ({
      keys: opts.mediaKeys ?? (await loadOrCreateKeySet({ dir: join(opts.dataDir, 'keys'), name: 'media', use: 'sig' })),
      rtmpsUrl: opts.mediaRtmpsUrl ?? DEFAULT_MEDIA_RTMPS_URL,
      playback: resolvePlaybackSettings({
        ...(opts.playbackTokenTtlSeconds !== undefined ? { ttlSeconds: opts.playbackTokenTtlSeconds } : {}),
        ...(opts.mediaEdgeUrl !== undefined ? { edgeUrl: opts.mediaEdgeUrl } : {}),
      }),
    }),
  };
}
