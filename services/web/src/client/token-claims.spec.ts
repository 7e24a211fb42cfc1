import { readAdvisoryClaims } from './token-claims';
import { refusalMessage } from './refusal';

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (claims: unknown): string => `${b64url({ alg: 'EdDSA' })}.${b64url(claims)}.c2ln`;

describe('readAdvisoryClaims', () => {
  it('reads the allowed protocols in the player order and the expiry', () => {
    expect(readAdvisoryClaims(token({ pro: ['hls', 'flv'], exp: 1_900_000_000 }))).toEqual({
      protocols: ['flv', 'hls'],
      expiresAt: 1_900_000_000,
    });
  });

  it('keeps only protocols it knows (a company restricted to HLS gets HLS only)', () => {
    expect(readAdvisoryClaims(token({ pro: ['hls', 'rtmp'] }))).toEqual({ protocols: ['hls'], expiresAt: undefined });
  });

  it.each([
    ['no payload', 'abc'],
    ['a payload that is not base64url JSON', 'a.%%%.c'],
    ['a payload that is not an object', `a.${b64url(42)}.c`],
    ['no protocol list', token({ exp: 1 })],
    ['no known protocol', token({ pro: ['rtmp'] })],
    ['invalid UTF-8', `a.${Buffer.from([0xff, 0xfe]).toString('base64url')}.c`],
  ])('gives nothing for %s', (_case, value) => {
    expect(readAdvisoryClaims(value)).toBeUndefined();
  });
});

describe('refusalMessage', () => {
  const now = 1_800_000_000_000;

  it('tells an expired link apart, by the token\'s own exp', () => {
    expect(refusalMessage({ protocols: ['hls'], expiresAt: now / 1000 - 1 }, now)).toMatch(/expired/);
  });

  it('words everything else as a refusal or a stream that is not live', () => {
    expect(refusalMessage({ protocols: ['hls'], expiresAt: now / 1000 + 60 }, now)).toMatch(/refused or not available/);
    expect(refusalMessage(undefined, now)).toMatch(/refused or not available/);
  });
});
