import { type FetchLike, requestPlaybackGrant } from './playback-grant';

const SEMINAR = '3f2b8c1e-5a4d-4e6f-9a7b-1c2d3e4f5a6b';
const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const playbackToken = (claims: Record<string, unknown>): string => `${b64url({ alg: 'EdDSA' })}.${b64url(claims)}.c2ln`;
const TOKEN = playbackToken({ pro: ['hls', 'flv'], iat: 1_800_000_000, exp: 1_800_000_015 });
const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

interface Sent {
  url: string;
  init: RequestInit;
}

/** auth and cms as the page reaches them; each answer given by the test. */
function server(auth: () => Response | Promise<Response>, cms: () => Response | Promise<Response>): { fetch: FetchLike; sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    fetch: async (url, init) => {
      sent.push({ url, init });
      return url === '/auth/token' ? auth() : cms();
    },
  };
}

const authOk = (): Response => json(200, { accessToken: 'access.token.value', tokenType: 'Bearer', expiresIn: 300 });
const granted = (over: Record<string, unknown> = {}) => () =>
  json(201, { token: TOKEN, expiresAt: '2027-01-15T08:00:15.000Z', protocols: ['flv', 'hls'], edgeOrigin: 'https://media.example:8444', ...over });

describe('requestPlaybackGrant', () => {
  it('trades the session cookie for a cms token, then that for a playback token, never putting a token in a URL', async () => {
    const s = server(authOk, granted());
    const result = await requestPlaybackGrant(s.fetch, SEMINAR, 0);
    expect(result).toEqual({
      kind: 'granted',
      // Lifetime from the token's own iat/exp (cms's clock), protocols in the player's order.
      grant: { token: TOKEN, protocols: ['flv', 'hls'], edgeOrigin: 'https://media.example:8444', lifetimeMs: 15_000 },
    });
    expect(s.sent.map((r) => [r.url, r.init.method, r.init.credentials])).toEqual([
      ['/auth/token', 'POST', 'same-origin'],
      [`/cms/seminars/${SEMINAR}/playback-token`, 'POST', 'omit'],
    ]);
    expect(s.sent[0]?.init.body).toBe('{"audience":"cms"}');
    expect(s.sent[1]?.init.headers).toEqual({ authorization: 'Bearer access.token.value' });
    expect(s.sent.every((r) => !r.url.includes('token=') && !r.url.includes('access.token'))).toBe(true);
  });

  it('says signed out when auth has no session (401)', async () => {
    const s = server(() => json(401, { code: 'AUTH.UNAUTHENTICATED' }), granted());
    expect(await requestPlaybackGrant(s.fetch, SEMINAR, 0)).toEqual({ kind: 'signed-out' });
    expect(s.sent).toHaveLength(1);
  });

  it.each([
    [403, 'PLAYBACK.NOT_ALLOWED'],
    [409, 'PLAYBACK.NOT_OPEN'],
    [404, 'SEMINAR.NOT_FOUND'],
    [403, 'AUTH.MFA_REQUIRED'],
  ])('passes on cms\'s refusal %i %s with its stable code', async (status, code) => {
    const s = server(authOk, () => json(status, { code, message: 'no' }));
    expect(await requestPlaybackGrant(s.fetch, SEMINAR, 0)).toEqual({ kind: 'refused', code, status });
  });

  it.each([
    ['a network failure', (): Promise<Response> => Promise.reject(new TypeError('Failed to fetch'))],
    ['an overloaded cms', (): Response => json(429, { code: 'REQUEST.RATE_LIMITED' })],
    ['a server error', (): Response => json(500, { code: 'INTERNAL', errorId: 'x' })],
    ['a cms refusing a fresh access token (revoked in the second of a role change)', (): Response => json(401, { code: 'AUTH.TOKEN_REVOKED' })],
  ])('counts %s as worth retrying', async (_case, cms) => {
    expect((await requestPlaybackGrant(server(authOk, cms).fetch, SEMINAR, 0)).kind).toBe('unavailable');
  });

  it.each([
    ['a plain-http edge', { edgeOrigin: 'http://media.example' }],
    ['an edge with a path', { edgeOrigin: 'https://media.example/evil' }],
    ['no edge', { edgeOrigin: undefined }],
    ['a token that is not a JWS', { token: 'not a token' }],
    ['a token without protocols', { token: playbackToken({ exp: 1 }) }],
  ])('refuses an answer with %s', async (_case, over) => {
    expect(await requestPlaybackGrant(server(authOk, granted(over)).fetch, SEMINAR, 0)).toMatchObject({ kind: 'refused', code: 'CLIENT.INVALID_ANSWER' });
  });

  it('falls back on expiresAt for the lifetime when the token has no iat', async () => {
    const token = playbackToken({ pro: ['hls'], exp: 1_800_000_300 });
    const result = await requestPlaybackGrant(server(authOk, granted({ token, expiresAt: '2027-01-15T08:05:00.000Z' })).fetch, SEMINAR, Date.parse('2027-01-15T08:00:00.000Z'));
    expect(result).toMatchObject({ kind: 'granted', grant: { lifetimeMs: 300_000, protocols: ['hls'] } });
  });
});
