import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  let now = 0;
  const clock = (): number => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('allows `limit` hits per window and refuses the next one', () => {
    const sut = new RateLimiter({ limit: 3, windowMs: 60_000, now: clock });
    expect([sut.hit('a'), sut.hit('a'), sut.hit('a'), sut.hit('a')]).toEqual([true, true, true, false]);
  });

  it('counts keys separately and starts afresh in the next window', () => {
    const sut = new RateLimiter({ limit: 1, windowMs: 60_000, now: clock });
    expect(sut.hit('a')).toBe(true);
    expect(sut.hit('b')).toBe(true);
    expect(sut.hit('a')).toBe(false);
    now += 60_000;
    expect(sut.hit('a')).toBe(true);
  });

  it('forgets the oldest keys beyond maxKeys', () => {
    const sut = new RateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 2, now: clock });
    sut.hit('a');
    sut.hit('b');
    sut.hit('c');
    expect(sut.hit('a')).toBe(true);
    expect(sut.hit('c')).toBe(false);
  });
});
