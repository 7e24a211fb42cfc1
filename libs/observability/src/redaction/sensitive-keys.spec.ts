import { isSensitiveKey, REDACTED, redactSensitiveKeys } from './sensitive-keys';

describe('isSensitiveKey', () => {
  it.each([
    'token',
    'accessToken',
    'refresh_token',
    'id_token',
    'password',
    'newPassword',
    'passwd',
    'secret',
    'clientSecret',
    'apiKey',
    'api_key',
    'x-api-key',
    'privateKey',
    'key',
    'KEY',
    'streamKey',
    'stream_key',
    'signingKey',
    'cookie',
    'set-cookie',
    'authorization',
    'Authorization',
    'proxy-authorization',
    'credentials',
    'sessionId',
    'csrfToken',
  ])('flags %s', (key) => {
    expect(isSensitiveKey(key)).toBe(true);
  });

  it.each(['monkey', 'keyId', 'routingKey', 'userId', 'email', 'status', 'hockey', 'keynote', 'tenantId'])(
    'lets %s through',
    (key) => {
      expect(isSensitiveKey(key)).toBe(false);
    },
  );
});

describe('redactSensitiveKeys', () => {
  it('censors sensitive keys at any depth and inside arrays', () => {
    const sut = redactSensitiveKeys({
      user: { id: 'u1', password: 'hunter2', sessions: [{ refresh_token: 'rt-1', device: 'phone' }] },
      req: { headers: { cookie: 'sid=abc', authorization: 'Bearer xyz', accept: 'text/html' } },
      streamKey: { nested: 'object' },
    });

    expect(sut).toEqual({
      user: { id: 'u1', password: REDACTED, sessions: [{ refresh_token: REDACTED, device: 'phone' }] },
      req: { headers: { cookie: REDACTED, authorization: REDACTED, accept: 'text/html' } },
      streamKey: REDACTED,
    });
  });

  it('does not mutate its input and returns it unchanged when nothing is sensitive', () => {
    const input = { user: { password: 'hunter2' } };
    const clean = { a: { b: [1, { c: 'd' }] } };

    redactSensitiveKeys(input);

    expect(input.user.password).toBe('hunter2');
    expect(redactSensitiveKeys(clean)).toBe(clean);
  });

  it('stops descending after a few levels instead of walking arbitrarily deep or cyclic data', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;

    expect(() => redactSensitiveKeys(cyclic)).not.toThrow();
  });
});
