// GDPR through the bus: an export carries the person's decrypted data from every registered part; an
// erasure destroys the person's salt, so what was sealed for them no longer opens.
import { Events } from '@webinar/contracts';
import { withTenant } from '@webinar/persistence';
import { compactDecrypt, exportJWK, generateKeyPair } from 'jose';
import { randomUUID } from 'node:crypto';
import { ShownNames } from '../src/names/shown-names';
import { PersonDataRegistry } from '../src/privacy/person-data-registry';
import { RoomVault } from '../src/vault/room-vault';
import { eventually, type PollsTestApp, startPollsApp } from './support/polls-app';

describe('polls privacy', () => {
  let t: PollsTestApp;
  beforeAll(async () => {
    t = await startPollsApp();
    // A later feature's part, plugged in without touching the consumer.
    const vault = t.app.get(RoomVault);
    const sealed = new Map<string, string>();
    t.app.get(PersonDataRegistry).register({
      name: 'probe',
      exportOf: async (manager, person) => {
        const cipher = sealed.get(person.userId);
        return cipher ? [await vault.open(manager, person, 'probe', cipher)] : [];
      },
    });
    probe = async (person, text) => {
      sealed.set(person.userId, await withTenant(t.database.dataSource, { companyId: person.companyId }, (m) => vault.seal(m, person, 'probe', text)));
    };
  });
  let probe: (person: { companyId: string; userId: string }, text: string) => Promise<void>;
  afterAll(async () => {
    await t?.close();
  });

  it('exports the shown name and every part, decrypted, to the requester only', async () => {
    const person = { companyId: randomUUID(), userId: randomUUID() };
    await withTenant(t.database.dataSource, { companyId: person.companyId }, (m) => t.app.get(ShownNames).set(m, person, 'Ada L.'));
    await probe(person, 'a probe answer');
    const parts = await t.record([Events.PrivacyExportPart]);
    const { publicKey, privateKey } = await generateKeyPair('ECDH-ES', { crv: 'P-256', extractable: true });
    const jwk = await exportJWK(publicKey);
    const requestId = randomUUID();
    await t.bus.publish(Events.PrivacyExportRequested, {
      requestId,
      ...person,
      publicKey: { kty: 'EC', crv: 'P-256', x: jwk.x ?? '', y: jwk.y ?? '' },
      requestedAt: new Date().toISOString(),
    });
    await eventually(() => expect(parts.filter((p) => p.payload['requestId'] === requestId)).toHaveLength(1));
    const part = parts.find((p) => p.payload['requestId'] === requestId);
    const jwe = String(part?.payload['jwe']);
    expect(jwe).not.toContain('Ada');
    const opened = JSON.parse(new TextDecoder().decode((await compactDecrypt(jwe, privateKey)).plaintext)) as unknown;
    expect(opened).toEqual({ shownName: 'Ada L.', probe: ['a probe answer'] });
  });

  it('erases through the bus: outcome erased, then nothing-held; the sealed data no longer opens', async () => {
    const person = { companyId: randomUUID(), userId: randomUUID() };
    const names = t.app.get(ShownNames);
    await withTenant(t.database.dataSource, { companyId: person.companyId }, (m) => names.set(m, person, 'Grace H.'));
    await probe(person, 'to be forgotten');
    const completions = await t.record([Events.PrivacyErasureCompleted]);
    const erase = async (): Promise<unknown> => {
      const requestId = randomUUID();
      await t.bus.publish(Events.PrivacyErasureRequested, { requestId, ...person, requestedAt: new Date().toISOString() });
      let outcome: unknown;
      await eventually(() => {
        outcome = completions.find((c) => c.payload['requestId'] === requestId)?.payload['outcome'];
        expect(outcome).toBeDefined();
      });
      return outcome;
    };
    expect(await erase()).toBe('erased');
    const after = await withTenant(t.database.dataSource, { companyId: person.companyId }, (m) => names.of(m, person));
    expect(after).toEqual({ name: 'Attendee', chosen: false });
    const exported = await withTenant(t.database.dataSource, { companyId: person.companyId }, (m) => t.app.get(PersonDataRegistry).exportOf(m, person));
    expect(exported).toEqual({ shownName: null, probe: [undefined] });
    expect(await erase()).toBe('nothing-held');
    // A person polls never saw.
    const stranger = { companyId: person.companyId, userId: randomUUID() };
    const requestId = randomUUID();
    await t.bus.publish(Events.PrivacyErasureRequested, { requestId, ...stranger, requestedAt: new Date().toISOString() });
    await eventually(() => expect(completions.find((c) => c.payload['requestId'] === requestId)?.payload['outcome']).toBe('nothing-held'));
  });
});
