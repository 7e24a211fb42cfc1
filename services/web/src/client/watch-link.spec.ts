import { parseWatchLink } from './watch-link';

const SEMINAR = '3f2b8c1e-5a4d-4e6f-9a7b-1c2d3e4f5a6b';
const TOKEN = 'eyJhbGciOiJFZERTQSJ9.eyJwcm8iOlsiaGxzIl19.c2lnbmF0dXJl';
const PAGE = 'https://webinar.example';

describe('parseWatchLink', () => {
  it('reads seminar, token and media host from the fragment', () => {
    const hash = `#seminar=${SEMINAR.toUpperCase()}&token=${TOKEN}&edge=${encodeURIComponent('https://media.example:8444')}`;
    expect(parseWatchLink(hash, PAGE)).toEqual({
      ok: true,
      link: { seminarId: SEMINAR, fixed: { token: TOKEN, edgeOrigin: 'https://media.example:8444' } },
    });
  });

  it('uses the page origin as media host when the link names none', () => {
    expect(parseWatchLink(`seminar=${SEMINAR}&token=${TOKEN}`, PAGE)).toMatchObject({ ok: true, link: { fixed: { edgeOrigin: PAGE } } });
  });

  it('without a token, leaves the token (and the media host: cms names it) to the page', () => {
    expect(parseWatchLink(`#seminar=${SEMINAR}`, PAGE)).toEqual({ ok: true, link: { seminarId: SEMINAR } });
    expect(parseWatchLink(`#seminar=${SEMINAR}&edge=https://evil.example`, PAGE)).toEqual({ ok: true, link: { seminarId: SEMINAR } });
  });

  it.each([
    ['no seminar', `token=${TOKEN}`, /seminar/],
    ['a seminar that is not a uuid', `seminar=../x&token=${TOKEN}`, /seminar/],
    ['an empty token', `seminar=${SEMINAR}&token=`, /token/],
    ['a token that is not a compact JWS', `seminar=${SEMINAR}&token=a.b`, /token/],
    ['an oversized token', `seminar=${SEMINAR}&token=${'a'.repeat(9000)}.b.c`, /token/],
    ['a plain-http media host', `seminar=${SEMINAR}&token=${TOKEN}&edge=http://media.example`, /media host/],
    ['a media host with a path', `seminar=${SEMINAR}&token=${TOKEN}&edge=https://media.example/evil`, /media host/],
    ['a media host with credentials', `seminar=${SEMINAR}&token=${TOKEN}&edge=https://u:p@media.example`, /media host/],
    ['a media host that is not a URL', `seminar=${SEMINAR}&token=${TOKEN}&edge=javascript:alert(1)`, /media host/],
  ])('refuses a link with %s', (_case, hash, problem) => {
    const result = parseWatchLink(`#${hash}`, PAGE);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problem).toMatch(problem);
  });
});
