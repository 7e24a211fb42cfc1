// Campaign invitations (issue #1, "banner or other digital invitation") against real PostgreSQL, real
// RabbitMQ and a real SMTP server: an admin's campaign link → a person enters an address → a unique
// sign-up link arrives by mail → redeeming it creates the account (prospect of the company) with a
// session. The campaign link alone grants nothing, the public answer never varies, the cap counts
// accounts atomically, and an address never gets two accounts.
import type { LightMyRequestResponse } from 'fastify';
import { withTenant } from '@webinar/persistence';
import { randomUUID } from 'node:crypto';
import { AuthBootstrap } from '../src/bootstrap/auth-bootstrap';
import { CAMPAIGN_ANSWERED } from '../src/campaigns/campaign.schemas';
import { EmailProtector } from '../src/users/email-protector';
import { auditEvents, authClient, type RabbitAuth, startAuthOnRabbitMq } from './support/auth-on-rabbitmq';
import { PUBLIC_ORIGIN, SmtpCatcher } from './support/harness';
import { signInWithMfa } from './support/mfa-sign-in';

jest.setTimeout(60_000);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface CampaignBody {
  id: string;
  url: string;
  status: string;
  companyId: string;
  seminarId: string;
  accountsCreated: number;
  signupCap: number | null;
}

describe('campaign invitations', () => {
  let h: RabbitAuth;
  let smtp: SmtpCatcher;
  let client: ReturnType<typeof authClient>;
  let root: string;
  let adminA: string;
  /** admin A's invitation-link session, which never signed in with password + TOTP. */
  let adminALink: string;
  let adminB: string;
  const companyA = randomUUID();
  const companyB = randomUUID();
  const seminarId = randomUUID();

  const bearer = async (session: string): Promise<string> => (await client.token(session)).accessToken;
  const inDays = (days: number): string => new Date(Date.now() + days * 24 * 3600_000).toISOString();
  const createCampaign = async (session: string, body: object = {}): Promise<LightMyRequestResponse> =>
    client.call('POST', '/auth/campaigns', await bearer(session), { seminarId, label: 'Spring webinar', expiresAt: inDays(7), ...body });
  const newCampaign = async (body: object = {}): Promise<CampaignBody> => {
    const response = await createCampaign(adminA, body);
    expect(response.statusCode).toBe(201);
    return response.json<CampaignBody>();
  };
  const answer = (campaign: string, email: string, remoteAddress = client.nextAddress()) =>
    h.app.inject({ method: 'POST', url: `/auth/campaign/${campaign}`, payload: { email }, remoteAddress });
  const redeem = (link: string, headers: Record<string, string> = { origin: PUBLIC_ORIGIN }) =>
    h.app.inject({
      method: 'POST',
      url: '/auth/campaign-signups/redeem',
      headers,
      payload: { token: link.slice(link.indexOf('#') + 1) },
      remoteAddress: client.nextAddress(),
    });
  /** The newest link of `kind` in mail to `to` received after `since` mails. */
  const mailedLink = async (to: string, since: number, kind: 'campaign-signup' | 'link' = 'campaign-signup'): Promise<string> => {
    const pattern = new RegExp(`https://\\S+/auth/${kind}#\\S+`);
    for (let i = 0; i < 250; i += 1) {
      const link = smtp.mails.slice(since).filter((m) => m.to === to).at(-1)?.text.match(pattern)?.[0];
      if (link) return link;
      await sleep(20);
    }
    throw new Error(`no ${kind} mail to ${to}`);
  };
  const mailsTo = (to: string, since = 0): number => smtp.mails.slice(since).filter((m) => m.to === to).length;
  const accountOf = async (email: string): Promise<{ id: string; role: string; company_id: string; status: string }[]> => {
    const users = await withTenant(h.db.dataSource, { root: true }, (m) =>
      m.query<{ id: string; role: string; company_id: string; status: string; email_index: string }[]>('select id, role, company_id, status, email_index from auth.users'),
    );
    const index = h.app.get(EmailProtector).index(email);
    return users.filter((u) => u.email_index === index);
  };
  const signupRowsOf = async (campaignId: string): Promise<number> => {
    const rows = await withTenant(h.db.dataSource, { root: true }, (m) =>
      m.query<{ count: string }[]>('select count(*) from auth.campaign_signups where campaign_id = $1', [campaignId]),
    );
    return Number(rows[0]!.count);
  };
  const expectTheOneAnswer = (response: LightMyRequestResponse): void => {
    expect({ status: response.statusCode, body: response.json<object>() }).toEqual({ status: 202, body: CAMPAIGN_ANSWERED });
    expect(response.headers['set-cookie']).toBeUndefined();
  };
  async function waitForCompanies(): Promise<void> {
    for (let i = 0; i < 100; i += 1) {
      const rows = await h.db.dataSource.query<unknown[]>('select 1 from auth.companies where id = any($1)', [[companyA, companyB]]);
      if (rows.length === 2) return;
      await sleep(50);
    }
    throw new Error('auth never learned the companies from the broker');
  }

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    h = await startAuthOnRabbitMq({ smtpUrl: smtp.url, rootEmail: 'root@webinar.test', elevationSweepSeconds: 3600 });
    client = authClient(h.app);
    // Campaigns are admin actions: root and the admins sign in with password + TOTP after their links.
    root = (await signInWithMfa(h.app, await client.redeemLink(h.app.get(AuthBootstrap).takeRootLoginLink()!), 'root@webinar.test')).cookie;
    for (const [companyId, name] of [[companyA, 'Acme'], [companyB, 'Bolt']] as const) {
      await h.bus.publish('cms.company.created.v1', { companyId, name, createdAt: new Date().toISOString() });
    }
    await waitForCompanies();
    const invited = await client.call('POST', '/auth/invitations', await bearer(root), {
      invitations: [
        { email: 'admin@acme.test', companyId: companyA, role: 'admin' },
        { email: 'admin@bolt.test', companyId: companyB, role: 'admin' },
      ],
    });
    expect(invited.json<{ results: { status: string }[] }>().results.map((r) => r.status)).toEqual(['invited', 'invited']);
    adminALink = await client.redeemLink(await smtp.linkFor('admin@acme.test'));
    adminA = (await signInWithMfa(h.app, adminALink, 'admin@acme.test')).cookie;
    adminB = (await signInWithMfa(h.app, await client.redeemLink(await smtp.linkFor('admin@bolt.test')), 'admin@bolt.test')).cookie;
  });

  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  it("refuses an admin's link session (no mfa) every campaign route with AUTH.MFA_REQUIRED", async () => {
    const token = await bearer(adminALink);
    for (const refused of [
      await createCampaign(adminALink),
      await client.call('GET', '/auth/campaigns', token),
      await client.call('POST', `/auth/campaigns/${randomUUID()}/revoke`, token),
    ]) {
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'AUTH.MFA_REQUIRED' });
    }
  });

  it('lets an admin create, list and revoke campaigns of their own company only', async () => {
    const campaign = await newCampaign({ signupCap: 10 });
    expect(campaign).toMatchObject({ companyId: companyA, seminarId, status: 'open', accountsCreated: 0, signupCap: 10 });
    expect(campaign.url).toBe(`${PUBLIC_ORIGIN}/auth/campaign/${campaign.id}`);

    expect((await createCampaign(adminA, { companyId: companyB })).json()).toMatchObject({ code: 'CAMPAIGN.OTHER_COMPANY' });
    expect((await createCampaign(adminA, { expiresAt: inDays(91) })).json()).toMatchObject({ code: 'CAMPAIGN.INVALID_EXPIRY' });
    expect((await createCampaign(adminA, { expiresAt: inDays(-1) })).json()).toMatchObject({ code: 'CAMPAIGN.INVALID_EXPIRY' });
    expect((await createCampaign(adminA, { seminarId: 'not-a-uuid' })).statusCode).toBe(400);

    const listB = (await client.call('GET', '/auth/campaigns', await bearer(adminB))).json<CampaignBody[]>();
    expect(listB.map((c) => c.id)).not.toContain(campaign.id);
    const revokeByB = await client.call('POST', `/auth/campaigns/${campaign.id}/revoke`, await bearer(adminB));
    expect(revokeByB.statusCode).toBe(404);
    expect(revokeByB.json()).toMatchObject({ code: 'CAMPAIGN.NOT_FOUND' });
    // Row-level security, not only the service, keeps company B out.
    const seenByB = await withTenant(h.db.dataSource, { companyId: companyB }, (m) => m.query<unknown[]>('select id from auth.campaigns'));
    expect(seenByB).toEqual([]);

    expect((await client.call('POST', `/auth/campaigns/${campaign.id}/revoke`, await bearer(adminA))).statusCode).toBe(204);
    const listA = (await client.call('GET', '/auth/campaigns', await bearer(adminA))).json<CampaignBody[]>();
    expect(listA.find((c) => c.id === campaign.id)).toMatchObject({ status: 'revoked' });
    expect((await client.call('POST', `/auth/campaigns/${campaign.id}/revoke`, await bearer(adminA))).statusCode).toBe(204);
  });

  it('refuses root without elevation, and anyone who is not admin or root', async () => {
    const refused = await createCampaign(root, { companyId: companyA });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'AUTH.ELEVATION_REQUIRED' });
    expect((await client.call('GET', '/auth/campaigns', await bearer(root))).json()).toMatchObject({ code: 'AUTH.ELEVATION_REQUIRED' });
    expect((await client.call('GET', '/auth/campaigns')).statusCode).toBe(401);
  });

  it('answer → mail → redeem: the account exists only then, as a prospect of the company, with a session', async () => {
    const campaign = await newCampaign();
    const page = await h.app.inject({ method: 'GET', url: `/auth/campaign/${campaign.id}?utm_source=newsletter` });
    // The page is the browser app's; the tracking query is dropped, nothing else is echoed.
    expect(page.statusCode).toBe(303);
    expect(page.headers['location']).toBe(`/campaign/${campaign.id}`);
    expect((await h.app.inject({ method: 'GET', url: '/auth/campaign/not-a-uuid' })).headers['location']).toBe('/campaign/unknown');

    const since = smtp.mails.length;
    expectTheOneAnswer(await answer(campaign.id, 'new.person@example.test'));
    const link = await mailedLink('new.person@example.test', since);
    expect(link.startsWith(`${PUBLIC_ORIGIN}/auth/campaign-signup#`)).toBe(true);
    expect(await accountOf('new.person@example.test')).toEqual([]);

    // The mailed link is a sign-up token, not a login token, and a POST from another origin is refused.
    const asLoginLink = await h.app.inject({ method: 'POST', url: '/auth/links/redeem', headers: { origin: PUBLIC_ORIGIN }, payload: { token: link.slice(link.indexOf('#') + 1) } });
    expect(asLoginLink.json()).toMatchObject({ code: 'LINK.INVALID' });
    expect((await redeem(link, { origin: 'https://evil.test' })).json()).toMatchObject({ code: 'AUTH.CSRF_REFUSED' });

    const redeemed = await redeem(link);
    expect(redeemed.statusCode).toBe(200);
    expect(redeemed.json()).toMatchObject({ user: { role: 'prospect', companyId: companyA }, campaign: { seminarId, accountCreated: true } });
    const cookie = String(redeemed.headers['set-cookie']).match(/__Host-session=([\w-]+)/)![1]!;
    expect((await client.whoAmI(cookie)).json()).toMatchObject({ user: { role: 'prospect', companyId: companyA } });
    expect(await accountOf('new.person@example.test')).toEqual([expect.objectContaining({ role: 'prospect', company_id: companyA, status: 'active' })]);
    expect((await redeem(link)).json()).toMatchObject({ code: 'LINK.INVALID' });

    const listed = (await client.call('GET', '/auth/campaigns', await bearer(adminA))).json<CampaignBody[]>();
    expect(listed.find((c) => c.id === campaign.id)).toMatchObject({ accountsCreated: 1 });
    const audit = await auditEvents(h.db);
    expect(audit).toContainEqual(expect.objectContaining({ action: 'auth.campaign.created', companyId: companyA, subject: campaign.id }));
    expect(audit).toContainEqual(expect.objectContaining({ action: 'auth.campaign.answered', companyId: companyA, subject: campaign.id, details: { result: 'signup-link' } }));
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'auth.link.redeemed', companyId: companyA, details: expect.objectContaining({ purpose: 'campaign-signup', accountCreated: true }) }),
    );
  });

  it('the campaign link alone gives no session and no access', async () => {
    const campaign = await newCampaign();
    const responses = [
      await h.app.inject({ method: 'GET', url: `/auth/campaign/${campaign.id}` }),
      await answer(campaign.id, 'someone@example.test'),
      await h.app.inject({ method: 'POST', url: '/auth/links/redeem', headers: { origin: PUBLIC_ORIGIN }, payload: { token: campaign.id } }),
      await redeem(`#${campaign.id}`),
    ];
    expect(responses.map((r) => r.headers['set-cookie'])).toEqual([undefined, undefined, undefined, undefined]);
    expect(responses.slice(2).map((r) => r.statusCode)).toEqual([400, 400]);
    expect((await h.app.inject({ method: 'GET', url: '/auth/session' })).statusCode).toBe(401);
    expect(await accountOf('someone@example.test')).toEqual([]);
  });

  it('answering twice with one address gives one account; later answers mail a login link to it', async () => {
    const campaign = await newCampaign();
    const first = smtp.mails.length;
    expectTheOneAnswer(await answer(campaign.id, 'twice@example.test'));
    const firstLink = await mailedLink('twice@example.test', first);
    const second = smtp.mails.length;
    expectTheOneAnswer(await answer(campaign.id, 'twice@example.test'));
    const secondLink = await mailedLink('twice@example.test', second);
    // One live sign-up link per campaign and address: the newer one revoked the older.
    expect((await redeem(firstLink)).json()).toMatchObject({ code: 'LINK.INVALID' });
    const created = (await redeem(secondLink)).json<{ user: { id: string } }>();

    const third = smtp.mails.length;
    expectTheOneAnswer(await answer(campaign.id, 'twice@example.test'));
    const loginLink = await mailedLink('twice@example.test', third, 'link');
    const session = await client.redeemLink(loginLink);
    expect((await client.whoAmI(session)).json()).toMatchObject({ user: { id: created.user.id } });
    expect(await accountOf('twice@example.test')).toHaveLength(1);
  });

  it('two sign-up links for one address redeemed at once create one account, and both sign into it', async () => {
    const [one, two] = [await newCampaign(), await newCampaign()];
    const since = smtp.mails.length;
    expectTheOneAnswer(await answer(one.id, 'race@example.test'));
    const linkOne = await mailedLink('race@example.test', since);
    const between = smtp.mails.length;
    expectTheOneAnswer(await answer(two.id, 'race@example.test'));
    const linkTwo = await mailedLink('race@example.test', between);

    const results = await Promise.all([redeem(linkOne), redeem(linkTwo)]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200]);
    const bodies = results.map((r) => r.json<{ user: { id: string }; campaign: { accountCreated: boolean } }>());
    expect(bodies[0]!.user.id).toBe(bodies[1]!.user.id);
    expect(bodies.map((b) => b.campaign.accountCreated).sort()).toEqual([false, true]);
    expect(await accountOf('race@example.test')).toHaveLength(1);
    const listed = (await client.call('GET', '/auth/campaigns', await bearer(adminA))).json<CampaignBody[]>();
    expect(listed.filter((c) => c.id === one.id || c.id === two.id).reduce((sum, c) => sum + c.accountsCreated, 0)).toBe(1);
  });

  it('counts the cap in accounts created: once reached, the same answer, no mail and no account', async () => {
    const campaign = await newCampaign({ signupCap: 1 });
    const since = smtp.mails.length;
    // Both answer while the campaign is still empty: both get a link, only one account can be made.
    expectTheOneAnswer(await answer(campaign.id, 'early@example.test'));
    expectTheOneAnswer(await answer(campaign.id, 'late@example.test'));
    const early = await mailedLink('early@example.test', since);
    const late = await mailedLink('late@example.test', since);
    expect((await redeem(early)).statusCode).toBe(200);
    expect((await redeem(late)).json()).toMatchObject({ code: 'LINK.INVALID' });
    expect(await accountOf('late@example.test')).toEqual([]);

    const full = smtp.mails.length;
    const rowsBefore = await signupRowsOf(campaign.id);
    expectTheOneAnswer(await answer(campaign.id, 'after.cap@example.test'));
    expect(await signupRowsOf(campaign.id)).toBe(rowsBefore);
    expect(await auditEvents(h.db, 'auth.campaign.answered')).toContainEqual(expect.objectContaining({ subject: campaign.id, details: { result: 'full' } }));
    await sleep(300);
    expect(mailsTo('after.cap@example.test', full)).toBe(0);
    const listed = (await client.call('GET', '/auth/campaigns', await bearer(adminA))).json<CampaignBody[]>();
    expect(listed.find((c) => c.id === campaign.id)).toMatchObject({ status: 'full', accountsCreated: 1 });
  });

  it('an expired, revoked or unknown campaign gives the same answer and sends nothing; revoking kills pending links', async () => {
    const revoked = await newCampaign();
    const since = smtp.mails.length;
    expectTheOneAnswer(await answer(revoked.id, 'pending@example.test'));
    const pending = await mailedLink('pending@example.test', since);
    expect((await client.call('POST', `/auth/campaigns/${revoked.id}/revoke`, await bearer(adminA))).statusCode).toBe(204);
    expect((await redeem(pending)).json()).toMatchObject({ code: 'LINK.INVALID' });

    const expired = await newCampaign();
    await withTenant(h.db.dataSource, { companyId: companyA }, (m) =>
      m.query(`update auth.campaigns set expires_at = now() - interval '1 second' where id = $1`, [expired.id]),
    );
    const after = smtp.mails.length;
    for (const id of [revoked.id, expired.id, randomUUID(), 'not-a-campaign']) expectTheOneAnswer(await answer(id, 'nobody@example.test'));
    expect(await signupRowsOf(expired.id)).toBe(0);
    await sleep(300);
    expect(mailsTo('nobody@example.test', after)).toBe(0);
    expect(await accountOf('pending@example.test')).toEqual([]);
    expect(await auditEvents(h.db, 'auth.campaign.revoked')).toContainEqual(expect.objectContaining({ subject: revoked.id, companyId: companyA }));
  });

  it('rate-limits answers per client address, without telling anything about the address', async () => {
    const campaign = await newCampaign();
    const answers: number[] = [];
    for (let i = 0; i < 31; i += 1) answers.push((await answer(campaign.id, `flood${i}@example.test`, '10.200.0.1')).statusCode);
    expect(answers.slice(0, 30).every((status) => status === 202)).toBe(true);
    expect(answers[30]).toBe(429);
  });
});
