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
});

describe('redactUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactUrl('amqp://svc:hunter2@rabbit:5672/vh')).toBe('amqp://svc:***@rabbit:5672/vh');
    expect(redactUrl('not a url')).toBe('(unparsable URL)');
  });
});
