import { BACKOFF_CAP_SECONDS, backoffDelaySeconds } from './login-backoff';

describe('backoffDelaySeconds', () => {
  it('lets three failures through, then waits 1 s, doubling, capped at 15 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((f) => backoffDelaySeconds(f))).toEqual([0, 0, 1, 2, 4, 8, 16]);
    expect(backoffDelaySeconds(12)).toBe(512);
    expect(backoffDelaySeconds(13)).toBe(BACKOFF_CAP_SECONDS);
    expect(backoffDelaySeconds(10_000)).toBe(BACKOFF_CAP_SECONDS);
  });

  it('starts from a configured base', () => {
    expect([3, 4, 5, 8].map((f) => backoffDelaySeconds(f, 60))).toEqual([60, 120, 240, BACKOFF_CAP_SECONDS]);
  });
});
