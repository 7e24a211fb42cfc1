// What cms tells a player with each playback token besides the token: how long it lives and which media
// edge to use. The lifetime is configurable only within bounds: at most 5 minutes (the cap on
// a leaked token's use), at least 10 s, because the player refreshes at 60–70 % of it and a shorter
// life would turn refreshing into polling.
export const MAX_PLAYBACK_TOKEN_TTL_SECONDS = 300;
export const MIN_PLAYBACK_TOKEN_TTL_SECONDS = 10;

export interface PlaybackSettings {
  ttlSeconds: number;
  /** An https origin (`https://media.example`), never a path: the player builds the media URLs. */
  edgeOrigin: string;
}
