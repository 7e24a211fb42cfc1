import { COMMON_PASSWORD_LIMIT, COMMON_PASSWORDS, commonPasswordSet } from './common-passwords';

describe('common passwords', () => {
  it('keeps every long entry, then the most frequent short ones up to the limit, lower-cased', () => {
    const byFrequency = ['Password', 'abc', '123456', 'CorrectHorseBattery', 'dragon', 'monkey'];

    const sut = commonPasswordSet(byFrequency, 3);

    expect([...sut].sort()).toEqual(['123456', 'correcthorsebattery', 'password']);
  });

  it('loads the package list once, with the documented size and well-known entries', () => {
    expect(COMMON_PASSWORDS.size).toBe(COMMON_PASSWORD_LIMIT);
    expect(COMMON_PASSWORDS.has('password')).toBe(true);
    expect(COMMON_PASSWORDS.has('qwertyuiop123')).toBe(true);
    expect([...COMMON_PASSWORDS].every((entry) => entry === entry.toLowerCase())).toBe(true);
  });
});
