// What cms tells a player with each playback token besides the token: how long it lives and which media
// edge to use. The lifetime is configurable only within bounds: at most 5 minutes (the cap on
// a leaked token's use), at least 10 s, because the player refreshes at 60–70 % of it and a shorter
// life would turn refreshing into polling.
export const MAX_PLAYBACK_TOKEN_TTL_SECONDS = 300;
export const MIN_PLAYBACK_TOKEN_TTL_SECONDS = 10;
/** The standalone media tier's default port on the default host (production sets MEDIA_EDGE_URL). */
export const DEFAULT_MEDIA_EDGE_URL = 'https://localhost:8444';

export interface PlaybackSettings {
  ttlSeconds: number;
  /** An https origin (`https://media.example`), never a path: the player builds the media URLs. */
  edgeOrigin: string;
}

export function resolvePlaybackSettings(opts: { ttlSeconds?: number; edgeUrl?: string }): PlaybackSettings {
  const ttlSeconds = opts.ttlSeconds ?? MAX_PLAYBACK_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < MIN_PLAYBACK_TOKEN_TTL_SECONDS || ttlSeconds > MAX_PLAYBACK_TOKEN_TTL_SECONDS) {
    throw new RangeError(
      `playbackTokenTtlSeconds must be a whole number from ${MIN_PLAYBACK_TOKEN_TTL_SECONDS} to ${MAX_PLAYBACK_TOKEN_TTL_SECONDS}`,
    );
  }
  const edge = new URL(opts.edgeUrl ?? DEFAULT_MEDIA_EDGE_URL);
  // The player refuses anything but https (a token must not travel in clear), so refuse it here at boot.
  if (edge.protocol !== 'https:') throw new RangeError('mediaEdgeUrl must be an https URL');
  return { ttlSeconds, edgeOrigin: edge.origin };
}
