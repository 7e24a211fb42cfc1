import { base32Decode, base32Encode, hotp, matchTotp, normaliseTotpInput, otpauthUri, totpAt, totpStep } from './totp';

// RFC 6238 appendix B, SHA-1 seed (ASCII "12345678901234567890"), 8 digits.
const RFC_SEED = Buffer.from('12345678901234567890', 'ascii');
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1_111_111_109, '07081804'],
  [1_111_111_111, '14050471'],
  [1_234_567_890, '89005924'],
  [2_000_000_000, '69279037'],
  [20_000_000_000, '65353130'],
];

describe('TOTP', () => {
  it.each(RFC_VECTORS)('matches RFC 6238 at T=%d', (seconds, expected) => {
    expect(totpAt(RFC_SEED, seconds * 1000, 8)).toBe(expected);
    // The 6-digit code is the last six digits of the same truncation.
    expect(totpAt(RFC_SEED, seconds * 1000)).toBe(expected.slice(-6));
  });

  it('matches RFC 4226 appendix D (HOTP counters 0..2)', () => {
    expect([0, 1, 2].map((c) => hotp(RFC_SEED, c))).toEqual(['755224', '287082', '359152']);
  });

  it('encodes and decodes base32 as RFC 4648 (no padding)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI')?.toString()).toBe('foobar');
    expect(base32Decode('MZXW6YTBOI======')?.toString()).toBe('foobar');
    expect(base32Decode('not base32!')).toBeUndefined();
  });

  describe('matchTotp', () => {
    const now = 1_700_000_000_000;
    const step = totpStep(now);

    it('accepts the current step and one step either side, nothing further', () => {
      for (const offset of [-1, 0, 1]) {
        expect(matchTotp(RFC_SEED, hotp(RFC_SEED, step + offset), now, null)).toBe(step + offset);
      }
      for (const offset of [-3, -2, 2, 3]) {
        expect(matchTotp(RFC_SEED, hotp(RFC_SEED, step + offset), now, null)).toBeUndefined();
      }
    });

    it('refuses a step at or before the last used one (replay), even inside the window', () => {
      const code = hotp(RFC_SEED, step);
      expect(matchTotp(RFC_SEED, code, now, step)).toBeUndefined();
      expect(matchTotp(RFC_SEED, code, now, step + 1)).toBeUndefined();
      expect(matchTotp(RFC_SEED, code, now, step - 1)).toBe(step);
    });

    it('refuses malformed and wrong codes', () => {
      const right = hotp(RFC_SEED, step);
      const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
      for (const code of ['', '12345', '1234567', 'abcdef', `${right} `, wrong]) {
        expect(matchTotp(RFC_SEED, code, now, null)).toBeUndefined();
      }
    });
  });

  it('normalises typed codes', () => {
    expect(normaliseTotpInput(' 123 456 ')).toBe('123456');
    expect(normaliseTotpInput('123-456')).toBe('123456');
  });

  it('builds the otpauth URI authenticator apps scan', () => {
    const uri = new URL(otpauthUri({ issuer: 'Webinar (webinar.test)', account: 'a@b.test', secret: Buffer.from('foobar') }));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Webinar (webinar.test):a@b.test');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret: 'MZXW6YTBOI',
      issuer: 'Webinar (webinar.test)',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});
