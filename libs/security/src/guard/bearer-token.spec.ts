import { bearerTokenOf } from './bearer-token';

describe('bearerTokenOf', () => {
  it('reads the token of a Bearer header, scheme case-insensitive', () => {
    expect(bearerTokenOf('Bearer abc.def-ghi_jkl')).toBe('abc.def-ghi_jkl');
    expect(bearerTokenOf('bearer abc')).toBe('abc');
  });

  it.each([
    undefined,
    '',
    'Bearer',
    'Bearer ',
    'Basic dXNlcjpwdw==',
    'Bearer a b',
    'Bearer  abc',
    ['Bearer a'],
  ])('finds no token in %p', (header) => {
    expect(bearerTokenOf(header)).toBeUndefined();
  });

  it('ignores oversized values', () => {
    expect(bearerTokenOf(`Bearer ${'a'.repeat(5000)}`)).toBeUndefined();
  });
});
