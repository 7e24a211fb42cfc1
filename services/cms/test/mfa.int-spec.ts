// Privileged actions need a session opened with password + second factor (the token's `mfa`): the
// company admin's and root's routes, and whatever a per-seminar grant (presenter, moderator) enables.
// A prospect or customer never needs it. Against the real PostgreSQL; the token without mfa stands for
// a link sign-in (and for a token from an auth that predates the claim, which verifies as mfa: false).
import { randomUUID } from 'node:crypto';
import { type CmsTestApp, inHours, startCmsApp } from './support/cms-test-app';
import { buildCompany, type CompanyFixture } from './support/fixtures';

const mfaRequired = { code: 'AUTH.MFA_REQUIRED', message: expect.stringContaining('password and authenticator') };

describe('cms: mfa for privileged actions', () => {
  let t: CmsTestApp;
  let company: CompanyFixture;
  let liveSeminarId: string;

  beforeAll(async () => {
    t = await startCmsApp();
    company = await buildCompany(t, 'Mfa');
    // A seminar that is live, so playback tokens are issued (the fixture's starts in 6 minutes).
    const created = await t.call('POST', '/cms/seminars', company.adminToken, {
      title: 'Live now',
      startsAt: inHours(0.05),
      endsAt: inHours(1),
      timeZone: 'UTC',
      capacity: 5,
    });
    liveSeminarId = created.json<{ id: string }>().id;
    for (const to of ['scheduled', 'live']) {
      expect((await t.call('POST', `/cms/seminars/${liveSeminarId}/transitions`, company.adminToken, { to })).statusCode).toBe(200);
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  it("refuses an admin's link-session token with AUTH.MFA_REQUIRED and accepts the password + TOTP one", async () => {
    const weak = await t.token({ role: 'admin', companyId: company.companyId, mfa: false });
    const checks: [string, string, unknown?][] = [
      ['GET', '/cms/seminars'],
      ['POST', '/cms/seminars', { title: 'x', startsAt: inHours(5), endsAt: inHours(6), timeZone: 'UTC', capacity: 3 }],
      ['GET', `/cms/seminars/${company.seminarId}/registrations`],
      ['GET', `/cms/seminars/${company.seminarId}/grants`],
      ['GET', '/cms/settings'],
      ['GET', '/cms/audit'],
      ['GET', '/cms/people?email=someone%40example.test'],
    ];
    for (const [method, url, body] of checks) {
      const refused = await t.call(method as 'GET', url, weak, body);
      expect({ url, status: refused.statusCode, body: refused.json() }).toEqual({ url, status: 403, body: mfaRequired });
      const accepted = await t.call(method as 'GET', url, company.adminToken, body);
      expect({ url, status: accepted.statusCode }).toEqual({ url, status: method === 'POST' ? 201 : 200 });
    }
  });

  it('never asks a prospect or customer for mfa: seminars, registration, playback as a registered viewer, self-service', async () => {
    const customerId = randomUUID();
    const customer = await t.token({ role: 'customer', companyId: company.companyId, userId: customerId, mfa: false });
    expect((await t.call('GET', '/cms/seminars', customer)).statusCode).toBe(200);
    expect((await t.call('POST', `/cms/seminars/${liveSeminarId}/registration`, customer, { displayName: 'Vi Ewer' })).statusCode).toBe(201);
    expect((await t.call('POST', `/cms/seminars/${liveSeminarId}/playback-token`, customer)).statusCode).toBe(201);
    expect((await t.call('GET', '/cms/me', customer)).statusCode).toBe(200);
    expect((await t.call('PATCH', '/cms/me', customer, { displayName: 'Vi Ewer' })).statusCode).toBe(200);
    expect((await t.call('POST', '/cms/me/export', customer)).statusCode).toBe(202);
    const prospect = await t.token({ role: 'prospect', companyId: company.companyId, mfa: false });
    expect((await t.call('GET', `/cms/seminars/${company.seminarId}`, prospect)).statusCode).toBe(200);
  });

  it('asks a presenter for mfa: the stream key, and playback that only the grant allows', async () => {
    const presenterId = randomUUID();
    expect((await t.call('PUT', `/cms/seminars/${liveSeminarId}/grants/presenter/${presenterId}`, company.adminToken)).statusCode).toBe(200);
    const weak = await t.token({ role: 'customer', companyId: company.companyId, userId: presenterId, mfa: false });
    const strong = await t.token({ role: 'customer', companyId: company.companyId, userId: presenterId, mfa: true });

    const key = await t.call('POST', `/cms/seminars/${liveSeminarId}/stream-key`, weak);
    expect({ status: key.statusCode, body: key.json() }).toEqual({ status: 403, body: mfaRequired });
    const playback = await t.call('POST', `/cms/seminars/${liveSeminarId}/playback-token`, weak);
    expect({ status: playback.statusCode, body: playback.json() }).toEqual({ status: 403, body: mfaRequired });

    expect((await t.call('POST', `/cms/seminars/${liveSeminarId}/stream-key`, strong)).statusCode).toBe(201);
    expect((await t.call('POST', `/cms/seminars/${liveSeminarId}/playback-token`, strong)).statusCode).toBe(201);

    // Registered as a viewer too, the presenter may watch without mfa; presenting still needs it.
    expect((await t.call('POST', `/cms/seminars/${liveSeminarId}/registration`, weak)).statusCode).toBe(201);
    expect((await t.call('POST', `/cms/seminars/${liveSeminarId}/playback-token`, weak)).statusCode).toBe(201);
    expect((await t.call('POST', `/cms/seminars/${liveSeminarId}/stream-key`, weak)).json()).toEqual(mfaRequired);
  });

  it('asks a moderator entitled only by the grant for mfa too, and someone without any grant is refused as before', async () => {
    const moderatorId = randomUUID();
    await t.call('PUT', `/cms/seminars/${liveSeminarId}/grants/moderator/${moderatorId}`, company.adminToken);
    const weak = await t.token({ role: 'prospect', companyId: company.companyId, userId: moderatorId, mfa: false });
    expect((await t.call('POST', `/cms/seminars/${liveSeminarId}/playback-token`, weak)).json()).toEqual(mfaRequired);
    const stranger = await t.token({ role: 'prospect', companyId: company.companyId, mfa: false });
    expect((await t.call('POST', `/cms/seminars/${liveSeminarId}/playback-token`, stranger)).json()).toMatchObject({ code: 'PLAYBACK.NOT_ALLOWED' });
    expect((await t.call('POST', `/cms/seminars/${liveSeminarId}/stream-key`, stranger)).json()).toEqual(mfaRequired);
  });
});
