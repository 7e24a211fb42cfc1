import type { InternalCredential, KeySet } from '@webinar/security';
import type { PlaybackSettings } from './media/playback-settings';

/** cms's settings, parsed and defaulted once: `cmsSettings()` in config.ts. */
export interface CmsSettings {
  /** What OBS is told to publish to, shown with each stream key. */
  mediaRtmpsUrl: string;
  /** The playback token lifetime and the media edge's origin, answered with every token. */
  playback: PlaybackSettings;
}

export interface CmsModuleOptions {
  databaseUrl?: string;
  dataDir: string;
  settings: CmsSettings;
  /**
   * The key set that signs stream keys and playback tokens. Default: `<dataDir>/keys/media.json`,
   * created at first start; the stream service reads the same file (standalone) or cms's JWKS.
   */
  mediaKeys?: KeySet;
  /**
   * The secret shared with the media tier (`MEDIA_INTERNAL_SECRET_FILE`): the internal routes
   * (`/cms/internal/…`: publish authorisation, revocation snapshot) accept only requests signed with
   * it. Absent: they refuse every request, and no stream node can publish or start serving.
   */
  internalCredential?: InternalCredential;
}

/** Injection token of the resolved media settings. */
export const MEDIA_SETTINGS = Symbol('cms:media-settings');
export interface MediaSettings {
  keys: KeySet;
  rtmpsUrl: string;
  playback: PlaybackSettings;
}
