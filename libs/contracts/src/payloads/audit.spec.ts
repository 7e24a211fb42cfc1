import { auditRecordedSchema } from './audit';

const base = { actorId: null, companyId: null, action: 'user.login', at: '2026-11-27T10:00:00Z' };
const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl';

describe('auditRecordedSchema', () => {
  it.each([
    ['refresh_token', 'opaque'],
    ['password', 'hunter2'],
    ['streamKey', 'live_123'],
    ['apiKey', 'k'],
    ['Authorization', 'x'],
    ['otpCode', 123456],
  ])('refuses the credential-named detail %s', (key, value) => {
    expect(auditRecordedSchema.safeParse({ ...base, details: { [key]: value } }).success).toBe(false);
  });

  it('refuses a JWT or bearer credential under an innocent key', () => {
    expect(auditRecordedSchema.safeParse({ ...base, details: { note: jwt } }).success).toBe(false);
    expect(auditRecordedSchema.safeParse({ ...base, details: { note: 'Bearer abc.def' } }).success).toBe(false);
    expect(auditRecordedSchema.safeParse({ ...base, subject: jwt, details: {} }).success).toBe(false);
  });

  it('accepts ids of keys and boolean facts about credentials', () => {
    const details = { streamKeyId: '9b2e3c1d-0a4f-4b6e-8c7d-1e2f3a4b5c6d', passwordChanged: true, attempts: 3 };
    expect(auditRecordedSchema.safeParse({ ...base, details }).success).toBe(true);
  });

  it('does not echo a refused value in the error', () => {
    const result = auditRecordedSchema.safeParse({ ...base, details: { password: 'hunter2', note: jwt } });
    expect(result.success).toBe(false);
    const text = JSON.stringify(result.error?.issues);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(jwt);
  });

  it('bounds the number of details', () => {
    const details = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]));
    expect(auditRecordedSchema.safeParse({ ...base, details }).success).toBe(false);
  });
});
