import type { InternalCredential, KeySet } from '@webinar/security';
import type { PlaybackSettings } from './media/playback-settings';

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
  /** The media edge's https origin, answered with every playback token; default `https://localhost:8444`. */
  mediaEdgeUrl?: string;
  /** Playback token lifetime, 10–300 s; default 300 (the player refreshes at 60–70 % of it). */
  playbackTokenTtlSeconds?: number;
  /**
   * The secret shared with the media tier (`MEDIA_INTERNAL_SECRET_FILE`): the internal routes
   * (`/cms/internal/…`: publish authorisation, revocation snapshot) accept only requests signed with
   * it. Absent: they refuse every request, and no stream node can publish or start serving.
   */
  internalCredential?: InternalCredential;
}

export const DEFAULT_MEDIA_RTMPS_URL = 'rtmps://localhost:1936/live';

/** Injection token of the resolved media settings. */
export const MEDIA_SETTINGS = Symbol('cms:media-settings');
export interface MediaSettings {
  keys: KeySet;
  rtmpsUrl: string;
  playback: PlaybackSettings;
}
