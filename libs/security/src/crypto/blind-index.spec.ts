import { createHmac, randomBytes } from 'node:crypto';
import { blindIndex } from './blind-index';

/** The `code` of what `run` throws, or undefined when it does not throw. */
function thrownCode(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
}

describe('blindIndex', () => {
  const key = randomBytes(32);

  it('is HMAC-SHA256 hex of the normalised value', () => {
    expect(blindIndex(key, 'alice@example.com')).toBe(
      createHmac('sha256', key).update('alice@example.com').digest('hex'),
    );
  });

  it('ignores case, surrounding spaces and Unicode compatibility forms', () => {
    const reference = blindIndex(key, 'alice@example.com');

    expect(blindIndex(key, '  Alice@Example.COM ')).toBe(reference);
    expect(blindIndex(key, 'ａｌｉｃｅ@example.com')).toBe(reference);
  });

  it('depends on the key and the value', () => {
    expect(blindIndex(randomBytes(32), 'alice@example.com')).not.toBe(blindIndex(key, 'alice@example.com'));
    expect(blindIndex(key, 'bob@example.com')).not.toBe(blindIndex(key, 'alice@example.com'));
  });

  it('refuses a short key', () => {
    expect(thrownCode(() => blindIndex(randomBytes(16), 'x'))).toBe('CRYPTO.BAD_KEY');
  });
});
