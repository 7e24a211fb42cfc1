import { createHash } from 'node:crypto';
import { hashToken, randomNonce128, randomToken, timingSafeEqualHex } from './random-tokens';

describe('random tokens', () => {
  it('hashToken is SHA-256 hex of strings and bytes alike', () => {
    const expected = createHash('sha256').update('abc').digest('hex');

    expect(hashToken('abc')).toBe(expected);
    expect(hashToken(new TextEncoder().encode('abc'))).toBe(expected);
  });

  it('randomToken gives the requested entropy in base64url, different every time', () => {
    const tokens = Array.from({ length: 50 }, () => randomToken());

    expect(new Set(tokens).size).toBe(50);
    for (const t of tokens) expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    expect(tokens.every((t) => /^[A-Za-z0-9_-]+$/.test(t))).toBe(true);
    expect(Buffer.from(randomToken(48), 'base64url')).toHaveLength(48);
  });

  it('randomToken refuses fewer than 128 bits', () => {
    expect(() => randomToken(8)).toThrow(RangeError);
  });

  it('randomNonce128 is 16 random bytes', () => {
    const a = randomNonce128();

    expect(Buffer.from(a, 'base64url')).toHaveLength(16);
    expect(randomNonce128()).not.toBe(a);
  });

  it('timingSafeEqualHex compares hex values, case-insensitively', () => {
    const h = hashToken('x');

    expect(timingSafeEqualHex(h, h.toUpperCase())).toBe(true);
    expect(timingSafeEqualHex(h, hashToken('y'))).toBe(false);
    expect(timingSafeEqualHex(h, h.slice(0, 62))).toBe(false);
    expect(timingSafeEqualHex('zz', 'zz')).toBe(false);
    expect(timingSafeEqualHex('abc', 'abc')).toBe(false);
  });
});
