// GDPR erasure, cms's side, against the real PostgreSQL: the person's profile goes and their key salt is
// destroyed (a ciphertext copied beforehand no longer decrypts), registrations to come are cancelled
// with their seats freed, past ones anonymised, grants withdrawn, open exports deleted; the request
// goes on the bus, the other services' outcomes (played by the test) close it, and the audit log
// records it under the request id without naming the person.
import { Events } from '@webinar/contracts';
import { randomUUID } from 'node:crypto';
import { PersonVault } from '../src/people/person-vault';
import { auditRows, rowsContaining, scheduledSeminar, superQuery } from './privacy-support';
import { type CmsTestApp, eventually, recordEvents, startCmsApp } from './support/cms-test-app';

describe('cms privacy erasure', () => {
  let t: CmsTestApp;
  const companyId = randomUUID();
  const userId = randomUUID();
  const name = `Erin Forgetme ${randomUUID().slice(0, 8)}`;
  const email = `erin.${randomUUID().slice(0, 8)}@example.test`;
  let admin: string;
  let erin: string;
  let upcoming: string;
  let past: string;
  let events: { name: string; payload: Record<string, unknown> }[];

  const seminar = async (id: string) =>
    (await t.call('GET', `/cms/seminars/${id}`, admin)).json<{ registeredCount: number; capacity: number }>();

  beforeAll(async () => {
    t = await startCmsApp();
    events = await recordEvents(t.bus, 'test.privacy.erasure', [
      Events.PrivacyErasureRequested,
      Events.RegistrationCancelled,
      Events.GrantChanged,
    ]);
    admin = await t.token({ role: 'admin', companyId });
    erin = await t.token({ role: 'customer', companyId, userId });
    upcoming = await scheduledSeminar(t, admin, 'Upcoming');
    past = await scheduledSeminar(t, admin, 'Past');
    for (const id of [upcoming, past]) {
      expect((await t.call('POST', `/cms/seminars/${id}/registration`, erin, { displayName: name, email, organisation: 'Forgetme GmbH' })).statusCode).toBe(201);
    }
    // Someone else in the past seminar, who must be left alone.
    await t.call('POST', `/cms/seminars/${past}/registration`, await t.token({ role: 'customer', companyId }));
    for (const to of ['live', 'ended']) await t.call('POST', `/cms/seminars/${past}/transitions`, admin, { to });
    await t.call('PUT', `/cms/seminars/${upcoming}/grants/presenter/${userId}`, admin);
    expect((await t.call('POST', '/cms/me/export', erin)).statusCode).toBe(202);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses an erasure without the confirmation', async () => {
    for (const body of [undefined, {}, { confirm: 'yes' }, { confirm: true }]) {
      const refused = await t.call('POST', '/cms/me/erasure', erin, body);
      expect({ status: refused.statusCode, code: refused.json<{ code: string }>().code }).toEqual({ status: 400, code: 'REQUEST.INVALID' });
    }
    expect((await t.call('GET', '/cms/me', erin)).json()).toMatchObject({ profile: { displayName: name } });
  });

  it('erases: key destroyed (old ciphertext unreadable), registrations cancelled or anonymised, grants withdrawn, audit without personal data', async () => {
    const [before] = await superQuery<{ display_name_cipher: string; email_cipher: string; key_kid: string }>(
      t,
      'select display_name_cipher, email_cipher, key_kid from cms.people where user_id = $1',
      [userId],
    );
    const vault = t.app.get(PersonVault);
    const person = { companyId, userId };
    const readName = async () =>
      vault.open(person, (await superQuery<{ salt: Buffer }>(t, 'select salt from cms.person_keys where user_id = $1', [userId])).map((r) => new Uint8Array(r.salt))[0], 'cms.people.display_name', {
        cipher: before!.display_name_cipher,
        kid: before!.key_kid,
      });
    // Control: before the erasure, the copied ciphertext opens.
    expect(await readName()).toBe(name);
    const seatsBefore = { upcoming: (await seminar(upcoming)).registeredCount, past: (await seminar(past)).registeredCount };

    const erased = await t.call('POST', '/cms/me/erasure', erin, { confirm: 'erase my personal data' });
    expect(erased.statusCode).toBe(202);
    const { requestId, status, expectedServices } = erased.json<{ requestId: string; status: string; expectedServices: string[] }>();
    expect({ status, expectedServices }).toEqual({ status: 'pending', expectedServices: ['cms', 'auth', 'polls'] });

    // Crypto-shredding: the salt is gone, so the ciphertext taken before (as a backup would hold it) is unreadable.
    await expect(readName()).rejects.toMatchObject({ code: 'CRYPTO.KEY_DESTROYED' });
    expect(await superQuery(t, 'select 1 from cms.person_keys where user_id = $1', [userId])).toEqual([]);
    expect(await superQuery(t, 'select 1 from cms.people where user_id = $1', [userId])).toEqual([]);
    expect(await superQuery(t, 'select 1 from cms.privacy_exports where user_id = $1', [userId])).toEqual([]);
    expect(await superQuery(t, 'select 1 from cms.grants where user_id = $1', [userId])).toEqual([]);
    // No registration points to her any more; the upcoming seat is free, the past seminar's count unchanged.
    expect(await superQuery(t, 'select 1 from cms.registrations where user_id = $1', [userId])).toEqual([]);
    expect((await seminar(upcoming)).registeredCount).toBe(seatsBefore.upcoming - 1);
    expect((await seminar(past)).registeredCount).toBe(seatsBefore.past);
    const pastRows = await superQuery<{ n: string }>(t, 'select count(*) as n from cms.registrations where seminar_id = $1 and cancelled_at is null', [past]);
    expect(Number(pastRows[0]!.n)).toBe(seatsBefore.past);
    // Nothing in any cms table names her: not her address, name or organisation. Her user id — a
    // pseudonym that auth's erasure disconnects from any address — remains only where history is
    // append-only by design: sent events (outbox) and earlier audit records (the grant she was given).
    expect(await rowsContaining(t, [email, name, 'Forgetme GmbH'])).toEqual([]);
    const withId = await rowsContaining(t, [userId]);
    expect(withId.filter((row) => !row.startsWith('outbox:') && !row.startsWith('audit_log:'))).toEqual([]);
    expect(withId.filter((row) => row.startsWith('audit_log:')).every((row) => row.includes('cms.grant.changed'))).toBe(true);

    const [requested] = await auditRows(t, 'cms.personal-data.erasure-requested');
    expect(requested).toMatchObject({
      company_id: companyId,
      actor_id: null,
      subject: `privacy-erasure:${requestId}`,
      details: { personKeyDestroyed: true, registrationsCancelled: 1, registrationsAnonymised: 2, grantsWithdrawn: 1, exportsDeleted: 1 },
    });
    for (const personal of [userId, email, name]) expect(requested!.text).not.toContain(personal);

    await eventually(t.bus, () => {
      expect(events.filter((e) => e.name === Events.PrivacyErasureRequested).map((e) => e.payload)).toEqual([
        expect.objectContaining({ requestId, userId, companyId }),
      ]);
      expect(events.filter((e) => e.name === Events.RegistrationCancelled).map((e) => e.payload['seminarId'])).toEqual([upcoming]);
      // The first is the admin's grant in the set-up; the erasure's withdrawal follows.
      expect(events.filter((e) => e.name === Events.GrantChanged).map((e) => e.payload['roles'])).toEqual([['presenter'], []]);
    });
  });

  it('closes the request when every service has answered, once, with an audit entry naming only the request', async () => {
    const [requested] = await auditRows(t, 'cms.personal-data.erasure-requested');
    const requestId = requested!.subject!.replace('privacy-erasure:', '');
    const answer = (service: string, outcome: 'erased' | 'nothing-held') =>
      t.bus.publish(Events.PrivacyErasureCompleted, { requestId, companyId, service, outcome, completedAt: new Date().toISOString() });

    await answer('auth', 'erased');
    await t.bus.waitForIdle();
    expect(await auditRows(t, 'cms.personal-data.erased')).toEqual([]);
    await answer('polls', 'nothing-held');
    await answer('polls', 'nothing-held');
    await answer('stranger', 'erased');
    await t.bus.waitForIdle();

    const closed = await auditRows(t, 'cms.personal-data.erased');
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({
      company_id: companyId,
      actor_id: null,
      subject: `privacy-erasure:${requestId}`,
      details: { 'outcome:cms': 'erased', 'outcome:auth': 'erased', 'outcome:polls': 'nothing-held' },
    });
    const [row] = await superQuery<{ completed_at: Date | null; text: string }>(t, 'select completed_at, e::text as text from cms.privacy_erasures e where id = $1', [requestId]);
    expect(row!.completed_at).toEqual(expect.any(Date));
    expect(row!.text).not.toContain(userId);
  });

  it('leaves the person able to start afresh (a new profile under a new key), and others untouched', async () => {
    expect((await t.call('GET', '/cms/me', erin)).json()).toMatchObject({ profile: null, registrations: [], grants: [] });
    expect((await t.call('PATCH', '/cms/me', erin, { displayName: 'New Erin' })).statusCode).toBe(200);
    const attendees = (await t.call('GET', `/cms/seminars/${past}/registrations`, admin)).json<{ userId: string }[]>();
    expect(attendees).toHaveLength(2);
    expect(attendees.map((a) => a.userId)).not.toContain(userId);
  });
});
