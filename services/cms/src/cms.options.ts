import type { KeySet } from '@webinar/security';

export interface CmsModuleOptions {
  databaseUrl?: string;
  dataDir: string;
  /** What OBS is told to publish to; default `rtmps://localhost:1936/live` (the standalone media tier). */
  mediaRtmpsUrl?: string;
  /**
   * The key set that signs stream keys and playback tokens. Default: `<dataDir>/keys/media.json`,
   * created at first start; the stream service reads the same file (standalone) or cms's JWKS.
   */
  mediaKeys?: KeySet;
}

export const DEFAULT_MEDIA_RTMPS_URL = 'rtmps://localhost:1936/live';

/** Injection token of the resolved media settings. */
export const MEDIA_SETTINGS = Symbol('cms:media-settings');
export interface MediaSettings {
  keys: KeySet;
  rtmpsUrl: string;
}
