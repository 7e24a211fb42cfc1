// Personal data at rest (issue item 7) and self-service (item 8, "see and edit"), against the real
// PostgreSQL: profiles are filled by the registration form and by the person, stored only encrypted
// (the raw tables, read as the superuser, hold no plaintext), found by e-mail through the blind index,
// shown decrypted to the company's admin with an audit record per read, and to nobody else.
import { randomUUID } from 'node:crypto';
import { PersonVault } from '../src/people/person-vault';
import { auditRows, rowsContaining, scheduledSeminar, superQuery } from './privacy-support';
import { type CmsTestApp, startCmsApp } from './support/cms-test-app';

interface Attendee {
  userId: string;
  profile: { displayName: string; organisation: string | null; jobTitle: string | null; email: string | null } | null;
}

describe('cms personal data', () => {
  let t: CmsTestApp;
  const companyA = randomUUID();
  const companyB = randomUUID();
  let adminA: string;
  let adminB: string;
  let seminarA: string;
  const alice = {
    userId: randomUUID(),
    displayName: `Alice Zweistein ${randomUUID().slice(0, 8)}`,
    organisation: `Acme Research ${randomUUID().slice(0, 8)}`,
    jobTitle: 'Chief Plaintext Officer',
    email: `alice.${randomUUID().slice(0, 8)}@example.test`,
  };
  let aliceToken: string;

  beforeAll(async () => {
    t = await startCmsApp();
    adminA = await t.token({ role: 'admin', companyId: companyA });
    adminB = await t.token({ role: 'admin', companyId: companyB });
    seminarA = await scheduledSeminar(t, adminA);
    aliceToken = await t.token({ role: 'prospect', companyId: companyA, userId: alice.userId });
    const registered = await t.call('POST', `/cms/seminars/${seminarA}/registration`, aliceToken, {
      displayName: alice.displayName,
      organisation: alice.organisation,
      jobTitle: alice.jobTitle,
      email: alice.email,
    });
    expect(registered.statusCode).toBe(201);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('stores no plaintext personal data: no row of any cms table contains the name, organisation, title or address', async () => {
    const people = await superQuery<{ display_name_cipher: string; email_index: string }>(
      t,
      'select display_name_cipher, email_index from cms.people where user_id = $1',
      [alice.userId],
    );
    expect(people).toHaveLength(1);
    expect(people[0]!.display_name_cipher).toMatch(/^v1\./);
    expect(people[0]!.email_index).toMatch(/^[0-9a-f]{64}$/);
    const salts = await superQuery<{ n: string }>(t, 'select count(*) as n from cms.person_keys where user_id = $1', [alice.userId]);
    expect(salts[0]!.n).toBe('1');

    expect(await rowsContaining(t, [alice.displayName, alice.organisation, alice.jobTitle, alice.email, 'Zweistein'])).toEqual([]);
    // The scan does read the tables: her (pseudonymous) id is in the people, keys, registrations and outbox rows.
    expect(new Set((await rowsContaining(t, [alice.userId])).map((r) => r.split(':')[0]))).toEqual(
      new Set(['outbox', 'people', 'person_keys', 'registrations']),
    );
  });

  it('keeps registering without a body (existing callers) and refuses a malformed one with REQUEST.INVALID', async () => {
    const seminar = await scheduledSeminar(t, adminA, 'No body');
    const bob = await t.token({ role: 'customer', companyId: companyA });
    expect((await t.call('POST', `/cms/seminars/${seminar}/registration`, bob)).statusCode).toBe(201);
    const carol = await t.token({ role: 'customer', companyId: companyA });
    for (const body of [{ email: 'no-name@example.test' }, { displayName: 'C', email: 'not an address' }, { displayName: 'C', companyId: companyB }]) {
      const refused = await t.call('POST', `/cms/seminars/${seminar}/registration`, carol, body);
      expect({ status: refused.statusCode, code: refused.json<{ code: string }>().code }).toEqual({ status: 400, code: 'REQUEST.INVALID' });
    }
  });

  it('shows the admin the attendee list with decrypted profiles and records each read in the audit log, without the data', async () => {
    const before = (await auditRows(t, 'cms.personal-data.read')).length;
    const listed = await t.call('GET', `/cms/seminars/${seminarA}/registrations`, adminA);
    expect(listed.statusCode).toBe(200);
    const attendees = listed.json<Attendee[]>();
    expect(attendees.find((a) => a.userId === alice.userId)?.profile).toMatchObject({
      displayName: alice.displayName,
      organisation: alice.organisation,
      jobTitle: alice.jobTitle,
      email: alice.email,
    });

    const reads = await auditRows(t, 'cms.personal-data.read');
    expect(reads).toHaveLength(before + 1);
    const read = reads.at(-1)!;
    expect(read).toMatchObject({ company_id: companyA, subject: `seminar:${seminarA}`, details: { count: 1, role: 'admin' } });
    for (const secret of [alice.displayName, alice.email, alice.organisation]) expect(read.text).not.toContain(secret);
  });

  it('finds a person by e-mail through the blind index (case and spaces do not matter), within the admin\'s company only', async () => {
    const found = await t.call('GET', `/cms/people?email=${encodeURIComponent(`  ${alice.email.toUpperCase()} `)}`, adminA);
    expect(found.statusCode).toBe(200);
    expect(found.json<Attendee[]>()).toEqual([{ userId: alice.userId, profile: expect.objectContaining({ displayName: alice.displayName }) }]);
    const lookups = await auditRows(t, 'cms.personal-data.read');
    expect(lookups.at(-1)).toMatchObject({ company_id: companyA, subject: 'people:lookup-by-email', details: { count: 1 } });
    expect(lookups.at(-1)!.text).not.toContain(alice.email);

    const elsewhere = await t.call('GET', `/cms/people?email=${encodeURIComponent(alice.email)}`, adminB);
    expect(elsewhere.json()).toEqual([]);
    expect((await t.call('GET', `/cms/people?email=nobody@example.test`, adminA)).json()).toEqual([]);
    expect((await t.call('GET', '/cms/people?email=not-an-address', adminA)).statusCode).toBe(400);
  });

  it('lets elevated root look people up across companies, and nobody without a role that may', async () => {
    const root = await t.token({ role: 'root', elevated: true });
    const found = await t.call('GET', `/cms/people?email=${encodeURIComponent(alice.email)}`, root);
    expect(found.json<Attendee[]>().map((p) => p.userId)).toEqual([alice.userId]);
    expect((await t.call('GET', `/cms/people?email=${encodeURIComponent(alice.email)}`, await t.token({ role: 'root' }))).statusCode).toBe(403);
    expect((await t.call('GET', `/cms/people?email=${encodeURIComponent(alice.email)}`, aliceToken)).statusCode).toBe(403);
    expect((await t.call('GET', `/cms/seminars/${seminarA}/registrations`, adminB)).statusCode).toBe(404);
  });

  it('lets the person see their own data: profile, registrations and grants', async () => {
    await t.call('PUT', `/cms/seminars/${seminarA}/grants/moderator/${alice.userId}`, adminA);
    const me = await t.call('GET', '/cms/me', aliceToken);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      userId: alice.userId,
      companyId: companyA,
      profile: { displayName: alice.displayName, email: alice.email },
      registrations: [{ seminarId: seminarA, seminarTitle: 'Privacy seminar', cancelledAt: null }],
      grants: [{ seminarId: seminarA, role: 'moderator' }],
    });
  });

  it('lets the person edit their profile: given fields change, null clears, the rest stays; the row stays encrypted', async () => {
    const edited = await t.call('PATCH', '/cms/me', aliceToken, { organisation: 'Zweistein Consulting', jobTitle: null });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ displayName: alice.displayName, organisation: 'Zweistein Consulting', jobTitle: null, email: alice.email });
    expect((await t.call('GET', '/cms/me', aliceToken)).json()).toMatchObject({ profile: { organisation: 'Zweistein Consulting', jobTitle: null } });
    expect(await rowsContaining(t, ['Zweistein Consulting'])).toEqual([]);
    // The old address no longer finds her, the new one does.
    await t.call('PATCH', '/cms/me', aliceToken, { email: `new.${alice.email}` });
    expect((await t.call('GET', `/cms/people?email=${encodeURIComponent(alice.email)}`, adminA)).json()).toEqual([]);
    expect((await t.call('GET', `/cms/people?email=${encodeURIComponent(`new.${alice.email}`)}`, adminA)).json()).toHaveLength(1);
  });

  it('refuses bad self-service input with stable codes, and root (no company) outright', async () => {
    const newcomer = await t.token({ role: 'customer', companyId: companyA });
    expect((await t.call('GET', '/cms/me', newcomer)).json()).toMatchObject({ profile: null, registrations: [], grants: [] });
    const nameless = await t.call('PATCH', '/cms/me', newcomer, { organisation: 'Nameless Inc' });
    expect({ status: nameless.statusCode, code: nameless.json<{ code: string }>().code }).toEqual({ status: 400, code: 'PROFILE.DISPLAY_NAME_REQUIRED' });
    for (const body of [{}, { displayName: '' }, { displayName: 'x'.repeat(201) }, { email: 'nope' }, { userId: alice.userId, displayName: 'Mallory' }]) {
      const refused = await t.call('PATCH', '/cms/me', newcomer, body);
      expect({ body, status: refused.statusCode, code: refused.json<{ code: string }>().code }).toEqual({ body, status: 400, code: 'REQUEST.INVALID' });
    }
    expect((await t.call('GET', '/cms/me', await t.token({ role: 'root', elevated: true }))).statusCode).toBe(403);
    expect((await t.call('GET', '/cms/me')).statusCode).toBe(401);
  });

  it('binds each ciphertext to its person: a field copied onto another person\'s row does not open (shown as no profile)', async () => {
    const mallory = { userId: randomUUID() };
    const malloryToken = await t.token({ role: 'customer', companyId: companyA, userId: mallory.userId });
    await t.call('PATCH', '/cms/me', malloryToken, { displayName: 'Mallory' });
    await superQuery(
      t,
      `update cms.people set display_name_cipher = (select display_name_cipher from cms.people where user_id = $1) where user_id = $2`,
      [alice.userId, mallory.userId],
    );
    const me = await t.call('GET', '/cms/me', malloryToken);
    expect(me.statusCode).toBe(200);
    expect(me.json<{ profile: unknown }>().profile).toBeNull();
    // The application's own decryption path agrees: Alice's ciphertext under Mallory's key is refused.
    const [row] = await superQuery<{ display_name_cipher: string; key_kid: string }>(t, 'select display_name_cipher, key_kid from cms.people where user_id = $1', [mallory.userId]);
    const [salt] = await superQuery<{ salt: Buffer }>(t, 'select salt from cms.person_keys where user_id = $1', [mallory.userId]);
    const vault = t.app.get(PersonVault);
    expect(() =>
      vault.open({ companyId: companyA, userId: mallory.userId }, new Uint8Array(salt!.salt), 'cms.people.display_name', {
        cipher: row!.display_name_cipher,
        kid: row!.key_kid,
      }),
    ).toThrow(expect.objectContaining({ code: 'CRYPTO.TAMPERED' }) as Error);
  });
});
