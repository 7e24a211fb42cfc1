import { redactUrl } from './amqp/redact-url';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('grows exponentially within ±20 % and never exceeds the cap', () => {
    const options = { initialMs: 100, maxMs: 1_000 };
    for (let i = 0; i < 50; i += 1) {
      expect(backoffDelay(options, 0)).toBeGreaterThanOrEqual(80);
      expect(backoffDelay(options, 0)).toBeLessThanOrEqual(120);
      expect(backoffDelay(options, 2)).toBeGreaterThanOrEqual(320);
      expect(backoffDelay(options, 40)).toBeLessThanOrEqual(1_000);
    }
  });

  it('without jitter follows the exact schedule: doubling from the first wait, capped', () => {
    const options = { initialMs: 500, maxMs: 10_000, jitter: 0 };
    expect([0, 1, 2, 3, 4, 5, 6, 100].map((attempt) => backoffDelay(options, attempt))).toEqual([500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
  });

  it('spreads by the given fraction around the wait', () => {
    const options = { initialMs: 1_000, maxMs: 60_000, jitter: 0.5 };
    expect(backoffDelay(options, 0, () => 0)).toBe(500);
    expect(backoffDelay(options, 0, () => 0.5)).toBe(1_000);
    expect(backoffDelay(options, 0, () => 1)).toBe(1_500);
  });
});

describe('redactUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactUrl('amqp://svc:hunter2@rabbit:5672/vh')).toBe('amqp://svc:***@rabbit:5672/vh');
    expect(redactUrl('not a url')).toBe('(unparsable URL)');
  });
});
