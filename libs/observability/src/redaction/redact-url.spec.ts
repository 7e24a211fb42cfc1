import { redactUrl } from './redact-url';
import { looksLikeToken } from './token-like';
import { tokenLeakMarkers, tokenPathEncodings } from '@webinar/testing';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const BASE64URL_TOKEN = 'q3Vw8X1mZbR0kLp9sTtYcA2dEeFgHhIiJjKk';

describe('redactUrl', () => {
  it('drops the query string and fragment', () => {
    expect(redactUrl('/hls/live/index.m3u8?token=abc&x=1#t=3')).toBe('/hls/live/index.m3u8');
  });

  it('masks path segments that look like tokens', () => {
    expect(redactUrl(`/invitations/${BASE64URL_TOKEN}/accept`)).toBe('/invitations/[redacted]/accept');
    expect(redactUrl(`/hls/${JWT}/index.m3u8`)).toBe('/hls/[redacted]/index.m3u8');
    expect(redactUrl(`/reset/${'a1b2c3d4'.repeat(8)}`)).toBe('/reset/[redacted]');
  });

  it('keeps ordinary paths, slugs and UUIDs readable', () => {
    for (const path of [
      '/api/webinars/3f2b8c1e-9d4a-4b7e-8f00-1a2b3c4d5e6f/polls',
      '/webinars/introduction-to-secure-streaming-2026',
      '/health/ready',
      '/',
    ]) {
      expect(redactUrl(path)).toBe(path);
    }
  });

  it('keeps the origin of an absolute URL but drops its credentials', () => {
    expect(redactUrl(`https://user:pa55@cdn.example:8443/hls/${BASE64URL_TOKEN}/seg1.ts?sig=x`)).toBe(
      'https://cdn.example:8443/hls/[redacted]/seg1.ts',
    );
  });
});

describe('looksLikeToken', () => {
  it('recognises random base64url of 16 bytes and more whatever its characters', () => {
    // A 22-character random value (16 bytes) may lack digits; mixed case is what gives it away.
    expect(looksLikeToken('AbCdEfGhIjKlMnOpQrStUv')).toBe(true);
    expect(looksLikeToken('0123456789abcdef0123456789abcdef')).toBe(true);
  });

  it('does not flag short values, words or UUIDs', () => {
    expect(looksLikeToken('abcDEF123')).toBe(false);
    expect(looksLikeToken('streaming-security-basics')).toBe(false);
    expect(looksLikeToken('3F2B8C1E-9D4A-4B7E-8F00-1A2B3C4D5E6F')).toBe(false);
  });
});

describe('redactUrl on the decoded path', () => {
  const JWE =
    'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwidHlwIjoicGxheWJhY2sifQ..bE5mQ3x2aXZpdmlk.k7PqR2tVx9Lm3NbZ8cWy4HsJd6FgT1aQ0eU5oIiXr.Mh3Kc8VbNq2Lx7Pz9Tr4Wa';

  it.each(Object.entries(tokenPathEncodings(JWT)))('masks a JWT written %s, leaving no part of it', (_name, segment) => {
    const logged = redactUrl(`/live/3f2b8c1e-9d4a-4b7e-8f00-1a2b3c4d5e6f/${segment}/index.m3u8?x=1`);
    expect(logged).toBe('/live/3f2b8c1e-9d4a-4b7e-8f00-1a2b3c4d5e6f/[redacted]/index.m3u8');
    for (const marker of tokenLeakMarkers(JWT)) expect(logged).not.toContain(marker);
  });

  it.each(Object.entries(tokenPathEncodings(JWE)))('masks a JWE (five parts, one empty) written %s', (_name, segment) => {
    const logged = redactUrl(`https://media.example/live/${segment}/seg_1.ts`);
    expect(logged).toBe('https://media.example/live/[redacted]/seg_1.ts');
    for (const marker of tokenLeakMarkers(JWE)) expect(logged).not.toContain(marker);
  });

  it('masks random tokens hidden behind escapes or matrix parameters', () => {
    const escaped = BASE64URL_TOKEN.replace('q', '%71');
    expect(redactUrl(`/invitations/${escaped}/accept`)).toBe('/invitations/[redacted]/accept');
    expect(redactUrl(`/invitations/${BASE64URL_TOKEN};v=1/accept`)).toBe('/invitations/[redacted]/accept');
  });

  it('still keeps readable paths readable, escapes and all', () => {
    for (const path of [
      '/webinars/introduction-to-secure-streaming-2026',
      '/webinars/caf%C3%A9-au-lait-et-streaming',
      '/live/3f2b8c1e-9d4a-4b7e-8f00-1a2b3c4d5e6f/index.m3u8',
      '/files/100%25-done-and-counting-now',
      '/bad/%E0%A4%zz-broken-escape-sequence',
    ]) {
      expect(redactUrl(path)).toBe(path);
    }
  });
});
