// When the page asks for the next playback token. Refreshing at 60–70 % of the lifetime leaves a
// third of it for retries when cms cannot be reached; the spread keeps the viewers who joined at the
// same moment (a seminar's start) from all refreshing at the same moment afterwards.
export const REFRESH_FROM = 0.6;
export const REFRESH_TO = 0.7;
const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 30_000;

/** `random` in [0, 1). */
export function refreshDelayMs(lifetimeMs: number, random: number): number {
  return Math.round(lifetimeMs * (REFRESH_FROM + (REFRESH_TO - REFRESH_FROM) * random));
}

/** Exponential backoff (1 s, 2 s, 4 s … capped at 30 s), each wait somewhere in its upper half. */
export function retryDelayMs(attempt: number, random: number): number {
  const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
