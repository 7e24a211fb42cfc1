import { randomUUID } from 'node:crypto';
import { isUuid, uuidSchema } from './uuid';

describe('isUuid', () => {
  it('accepts generated ids in either case, and agrees with uuidSchema on every sample', () => {
    const samples = [
      randomUUID(),
      randomUUID().toUpperCase(),
      '00000000-0000-0000-0000-000000000000',
      '5d0f1e4e-6d63-4c4e-9a7e-3f1f0c2b8a11',
      '5d0f1e4e-6d63-4c4e-9a7e-3f1f0c2b8a1',
      '5d0f1e4e-6d63-0c4e-9a7e-3f1f0c2b8a11',
      '5d0f1e4e-6d63-4c4e-1a7e-3f1f0c2b8a11',
      ' 5d0f1e4e-6d63-4c4e-9a7e-3f1f0c2b8a11',
      '5d0f1e4e6d634c4e9a7e3f1f0c2b8a11',
      '',
    ];
    expect(isUuid(samples[0])).toBe(true);
    expect(isUuid(samples[1])).toBe(true);
    for (const sample of samples) expect(isUuid(sample)).toBe(uuidSchema.safeParse(sample).success);
  });

  it('refuses what is not a UUID string', () => {
    for (const value of ['not-a-uuid', '5d0f1e4e-6d63-4c4e-9a7e-3f1f0c2b8a11/x', 42, null, undefined, {}]) expect(isUuid(value)).toBe(false);
  });
});
