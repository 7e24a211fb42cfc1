// Per-person encryption: sealed under a key per person derived from a company key (itself wrapped by
// the master key), bound to the person and the field, shredded by destroying the person's salt.
import { CryptoError } from '@webinar/security';
import { expectNoPlaintext } from '@webinar/testing';
import { withTenant } from '@webinar/persistence';
import { randomUUID } from 'node:crypto';
import { RoomVault } from '../src/vault/room-vault';
import { POLLS_SCHEMA } from '../src/polls.constants';
import { type PollsTestApp, startPollsApp } from './support/polls-app';

describe('room vault', () => {
  let t: PollsTestApp;
  let vault: RoomVault;
  beforeAll(async () => {
    t = await startPollsApp();
    vault = t.app.get(RoomVault);
  });
  afterAll(async () => {
    await t?.close();
  });

  const inCompany = <T>(companyId: string, work: Parameters<typeof withTenant<T>>[2]) => withTenant(t.database.dataSource, { companyId }, work);

  it('seals and opens, binds person and field, and shreds', async () => {
    const companyId = randomUUID();
    const alice = { companyId, userId: randomUUID() };
    const bob = { companyId, userId: randomUUID() };
    const secret = `alice's answer ${randomUUID()}`;
    const cipher = await inCompany(companyId, (m) => vault.seal(m, alice, 'answer', secret));
    expect(cipher).not.toContain(secret);
    expect(await inCompany(companyId, (m) => vault.open(m, alice, 'answer', cipher))).toBe(secret);
    await inCompany(companyId, (m) => vault.seal(m, bob, 'answer', 'bob'));
    // Moved to another person, or into another field: refused.
    await expect(inCompany(companyId, (m) => vault.open(m, bob, 'answer', cipher))).rejects.toThrow(CryptoError);
    await expect(inCompany(companyId, (m) => vault.open(m, alice, 'question', cipher))).rejects.toThrow(CryptoError);
    // Another company cannot reach the salt (row-level security): nothing opens.
    expect(await inCompany(randomUUID(), (m) => vault.open(m, alice, 'answer', cipher))).toBeUndefined();

    expect(await inCompany(companyId, (m) => vault.shred(m, alice))).toBe(true);
    expect(await inCompany(companyId, (m) => vault.shred(m, alice))).toBe(false);
    expect(await inCompany(companyId, (m) => vault.open(m, alice, 'answer', cipher))).toBeUndefined();
    // Sealing again gives the person a new salt; the old ciphertext stays unreadable.
    await inCompany(companyId, (m) => vault.seal(m, alice, 'answer', 'after'));
    await expect(inCompany(companyId, (m) => vault.open(m, alice, 'answer', cipher))).rejects.toThrow(CryptoError);
  });

  it('seals and opens in batches, leaving erased people out', async () => {
    const companyId = randomUUID();
    const people = Array.from({ length: 50 }, () => ({ companyId, userId: randomUUID() }));
    const texts = people.map((p, i) => `text ${i} ${p.userId}`);
    const ciphers = await inCompany(companyId, (m) => vault.sealMany(m, people.map((person, i) => ({ person, field: 'chat', plaintext: texts[i] ?? '' }))));
    await inCompany(companyId, (m) => vault.shred(m, people[7] ?? people[0]!));
    const opened = await inCompany(companyId, (m) => vault.openMany(m, people.map((person, i) => ({ person, field: 'chat', cipher: ciphers[i] ?? '' }))));
    expect(opened).toEqual(texts.map((text, i) => (i === 7 ? undefined : text)));
  });

  it('keeps no plaintext and no company key in the clear in the database', async () => {
    const companyId = randomUUID();
    const person = { companyId, userId: randomUUID() };
    const secret = `plaintext-probe-${randomUUID()}`;
    await inCompany(companyId, (m) => vault.seal(m, person, 'answer', secret));
    const scan = await expectNoPlaintext(t.databaseUrl, POLLS_SCHEMA, [secret]);
    expect(scan.rows).toBeGreaterThan(0);
    await expect(expectNoPlaintext(t.databaseUrl, POLLS_SCHEMA, [companyId])).rejects.toThrow(/plaintext found/);
  });
});
