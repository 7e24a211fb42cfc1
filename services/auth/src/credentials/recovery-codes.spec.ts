import { newRecoveryCode, newRecoveryCodes, normaliseRecoveryCode, RECOVERY_CODE_COUNT, recoveryCodeHash } from './recovery-codes';

describe('recovery codes', () => {
  it('makes ten distinct codes of six groups of four', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){5}$/);
  });

  it('reads a code back however it was typed', () => {
    const code = newRecoveryCode();
    const canonical = normaliseRecoveryCode(code)!;
    expect(normaliseRecoveryCode(code.toUpperCase())).toBe(canonical);
    expect(normaliseRecoveryCode(code.replace(/-/g, ' '))).toBe(canonical);
    expect(normaliseRecoveryCode(code.replace(/-/g, ''))).toBe(canonical);
    expect(normaliseRecoveryCode('0000-1111-0000-1111-0000-1111')).toBe(normaliseRecoveryCode('oooo-iiii-OOOO-llll-0000-1111'));
  });

  it('refuses what cannot be a code', () => {
    for (const input of ['', '123456', 'uuuu-uuuu-uuuu-uuuu-uuuu-uuuu', 'abcd-efgh', `${newRecoveryCode()}-abcd`]) {
      expect(normaliseRecoveryCode(input)).toBeUndefined();
    }
  });

  it('hashes per user, never storing the code', () => {
    const code = normaliseRecoveryCode(newRecoveryCode())!;
    const a = recoveryCodeHash('user-a', code);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toContain(code);
    expect(recoveryCodeHash('user-b', code)).not.toBe(a);
  });
});
