import { secondsUntil as sut } from './token.controller';

describe('secondsUntil (an elevated token never outlives its elevation)', () => {
  it.each([
    // end, now (ms) → whole seconds a token may live
    [20_000, 10_000, 10],
    [20_999, 10_000, 10],
    [20_000, 10_001, 9],
    [10_500, 9_200, 0],
    [10_000, 10_000, 0],
    [9_000, 10_000, -1],
  ])('end %d, now %d → %d', (end, now, expected) => {
    expect(sut(new Date(end), now)).toBe(expected);
  });

  it('keeps exp ≤ end even when the signer reads the clock a moment later, in the next second', () => {
    for (let now = 10_000; now < 12_000; now += 37) {
      const end = 15_250;
      const ttl = sut(new Date(end), now);
      const signerNow = now + 999;
      expect((Math.floor(signerNow / 1000) + ttl) * 1000).toBeLessThanOrEqual(end);
    }
  });
});
