// When a stream key works: from an hour before the scheduled start (sound checks) until an hour after
// the scheduled end (overruns). Outside that window a leaked key is useless.
export const STREAM_KEY_LEAD_SECONDS = 60 * 60;
export const STREAM_KEY_GRACE_SECONDS = 60 * 60;

export interface StreamKeyWindow {
  /** Epoch seconds. */
  notBefore: number;
  /** Epoch seconds. */
  expiresAt: number;
}

/** The window for a schedule, or undefined when it has passed already at `now`. */
export function streamKeyWindow(startsAt: Date, endsAt: Date, now: Date): StreamKeyWindow | undefined {
  const notBefore = Math.floor(startsAt.getTime() / 1000) - STREAM_KEY_LEAD_SECONDS;
  const expiresAt = Math.floor(endsAt.getTime() / 1000) + STREAM_KEY_GRACE_SECONDS;
  if (expiresAt <= Math.floor(now.getTime() / 1000)) return undefined;
  return { notBefore, expiresAt };
}

/** Playback opens this long before the scheduled start, so the player can wait in the lobby. */
export const PLAYBACK_LEAD_SECONDS = 15 * 60;

export function isPlaybackOpen(state: string, startsAt: Date, now: Date): boolean {
  if (state === 'live') return true;
  return state === 'scheduled' && startsAt.getTime() - now.getTime() <= PLAYBACK_LEAD_SECONDS * 1000;
}
