import { isSameOriginRequest as sut } from './same-origin';

const origin = 'https://webinar.example';

describe('isSameOriginRequest', () => {
  it('lets safe methods through without any header', () => {
    expect(sut('GET', {}, origin)).toBe(true);
  });

  it.each([
    ['our Origin', { origin }, true],
    ['Sec-Fetch-Site same-origin', { 'sec-fetch-site': 'same-origin' }, true],
    ['both, agreeing', { origin, 'sec-fetch-site': 'same-origin' }, true],
    ['another Origin', { origin: 'https://evil.example' }, false],
    ['the "null" Origin', { origin: 'null' }, false],
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }, false],
    ['Sec-Fetch-Site same-site (a sibling sub-domain)', { 'sec-fetch-site': 'same-site', origin }, false],
    ['Sec-Fetch-Site none (typed in the address bar)', { 'sec-fetch-site': 'none' }, false],
    ['neither header', {}, false],
    ['a repeated Origin header', { origin: [origin, origin] }, false],
  ])('POST with %s → %s', (_name, headers, expected) => {
    expect(sut('POST', headers, origin)).toBe(expected);
  });
});
