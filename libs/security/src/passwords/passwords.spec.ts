import { argon2i, hash } from 'argon2';
import { hashPassword, needsRehash, readPasswordHashParams, verifyPassword } from './passwords';

describe('passwords', () => {
  let stored: string;
  beforeAll(async () => {
    stored = await hashPassword('correct horse battery staple');
  });

  it('hashes with argon2id, m ≥ 19456 KiB, t ≥ 2, p = 1 (read from the encoded hash)', () => {
    expect(stored).toMatch(/^\$argon2id\$v=19\$/);
    const param = (name: string): number => Number(new RegExp(`[$,]${name}=(\\d+)[,$]`).exec(stored)?.[1]);
    expect(param('m')).toBeGreaterThanOrEqual(19_456);
    expect(param('t')).toBeGreaterThanOrEqual(2);
    expect(param('p')).toBe(1);
    expect(readPasswordHashParams(stored)).toEqual({
      algorithm: 'argon2id',
      version: 19,
      memoryCost: param('m'),
      timeCost: param('t'),
      parallelism: 1,
    });
  });

  it('verifies the right password and refuses a wrong one', async () => {
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery stapler')).toBe(false);
  });

  it('refuses anything that is not an argon2 hash', async () => {
    expect(await verifyPassword('plaintext', 'plaintext')).toBe(false);
    expect(await verifyPassword('', '')).toBe(false);
  });

  it('asks for a rehash of weaker or foreign hashes only', async () => {
    const weak = await hash('pw', { type: argon2i, memoryCost: 4096, timeCost: 1, parallelism: 1 });

    expect(needsRehash(stored)).toBe(false);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(stored.replace('m=19456', 'm=8192'))).toBe(true);
    expect(needsRehash(stored.replace('t=2', 't=1'))).toBe(true);
    expect(needsRehash('$2b$10$abcdefghijklmnopqrstuv')).toBe(true);
  });
});
