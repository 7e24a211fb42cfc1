import { checkPassword, commonPasswordCount, normalisePassword, PASSWORD_MAX_LENGTH } from './password-policy';

const email = 'jane.doe@example.test';

describe('password policy', () => {
  it('ships a list of a few thousand common passwords', () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(4000);
  });

  it('refuses fewer than 12 characters, counting code points (not UTF-16 units)', () => {
    expect(checkPassword('Tr0ub4dor&3', email)).toBe('too-short');
    // 11 emoji are 22 UTF-16 units but 11 characters.
    expect(checkPassword('🙂'.repeat(11), email)).toBe('too-short');
    expect(checkPassword('🙂🙃😉😊🙂🙃😉😊🙂🙃😉😊', email)).toBeUndefined();
  });

  it('refuses more than 128 characters, and does not truncate below that', () => {
    const long = 'correct horse battery staple '.repeat(5);
    expect(checkPassword(long.slice(0, PASSWORD_MAX_LENGTH), email)).toBeUndefined();
    expect(checkPassword(`${long}x`.slice(0, PASSWORD_MAX_LENGTH + 1), email)).toBe('too-long');
  });

  it.each([
    ['the address itself', 'jane.doe@example.test'],
    ['the address inside', 'my jane.doe@example.test!'],
    ['the local part, any case', 'Jane.Doe-summer-garden'],
  ])('refuses %s', (_name, password) => {
    expect(checkPassword(password, email)).toBe('contains-email');
  });

  it('does not refuse a passphrase merely sharing a very short local part', () => {
    expect(checkPassword('joyful orange kettle drum', 'jo@example.test')).toBeUndefined();
    expect(checkPassword('jo', 'jo@example.test')).toBe('too-short');
  });

  it.each([
    ['listed as is', '123qweasdzxc'],
    ['listed, other case', '1QAZ2WSX3EDC'],
    ['a common word padded with digits and symbols', 'Password2024!'],
    ['a common word with substitutions', 'P@ssw0rd!!!!!!'],
    ['a repeated common word', 'monkeymonkeymonkey'],
    ['too few distinct characters', 'aaaaaaaaaaaaaaa'],
    ['a repeated short pattern', '121212121212'],
  ])('refuses a common password: %s', (_name, password) => {
    expect(checkPassword(password, email)).toBe('common');
  });

  it('accepts long unusual passphrases and any characters', () => {
    expect(checkPassword('correct horse battery staple', email)).toBeUndefined();
    expect(checkPassword('vélo rouge sous la pluie 42', email)).toBeUndefined();
    expect(checkPassword('   spaces   count   too   ', email)).toBeUndefined();
  });

  it('normalises to NFC, so a composed and a decomposed "é" are the same password', () => {
    expect(normalisePassword('caf\u0065\u0301')).toBe(normalisePassword('caf\u00e9'));
  });
});
