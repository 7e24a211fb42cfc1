// Invitations do not reveal accounts of other companies (docs/identity.md): an admin of Acme inviting an
// address that has an account in Beta (or root's address) gets the answer of a fresh address, nothing is
// stored, Beta's person keeps their account and pending link and receives only a neutral notice (no link,
// no company name). Duplicates inside the admin's own company keep their clear codes; root, who sees
// every company, still gets INVITATION.EMAIL_IN_USE. Plus: ids longer than 100 characters are answered
// like unknown ones on every auth route with path parameters. Real PostgreSQL (or PGlite) and SMTP.
import { ACCESS_TOKEN_ISSUER, listRoutes } from '@webinar/http';
import { withTenant } from '@webinar/persistence';
import { issueAccessToken } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import { type Harness, PUBLIC_ORIGIN, SmtpCatcher, startAuth, tokenOf } from './support/harness';

type Result = { row: number; status: string; code?: string; userId?: string; expiresAt?: string };

describe('invitations across companies', () => {
  let h: Harness;
  let smtp: SmtpCatcher;
  const acme = randomUUID();
  const beta = randomUUID();
  let rootToken: string;
  let acmeAdmin: string;
  let betaAdmin: string;
  let betaLink: string;

  const token = (role: 'root' | 'admin', companyId: string | null) =>
    issueAccessToken(
      h.accessKeys,
      { userId: randomUUID(), companyId, role, sessionId: randomUUID(), elevated: role === 'root', mfa: true },
      { issuer: ACCESS_TOKEN_ISSUER, audience: 'auth', ttlSeconds: 300 },
    );
  const invite = async (bearer: string, invitations: object[]): Promise<Result[]> => {
    const response = await h.app.inject({ method: 'POST', url: '/auth/invitations', headers: { authorization: `Bearer ${bearer}` }, payload: { invitations } });
    expect(response.statusCode).toBe(200);
    return response.json<{ results: Result[] }>().results;
  };
  const usersWithRoot = () =>
    withTenant(h.db.dataSource, { root: true }, (m) => m.query<{ id: string; company_id: string | null; role: string; status: string }[]>('select id, company_id, role, status from auth.users'));
  const mailsTo = (to: string, since: number) => smtp.mails.slice(since).filter((m) => m.to === to);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    h = await startAuth({ smtpUrl: smtp.url, rootEmail: 'root@webinar.test' });
    for (const [companyId, name] of [[acme, 'Acme'], [beta, 'Beta']] as const) {
      await h.bus.publish('cms.company.created.v1', { companyId, name, createdAt: new Date().toISOString() });
    }
    await h.bus.waitForIdle();
    rootToken = await token('root', null);
    acmeAdmin = await token('admin', acme);
    betaAdmin = await token('admin', beta);
    const seeded = await invite(rootToken, [
      { email: 'bea@beta.test', companyId: beta },
      { email: 'boss@acme.test', companyId: acme, role: 'admin' },
      { email: 'member@acme.test', companyId: acme },
    ]);
    expect(seeded.map((r) => r.status)).toEqual(['invited', 'invited', 'invited']);
    betaLink = await smtp.linkFor('bea@beta.test');
    // member@acme.test accepts: an active member of Acme.
    const redeemed = await h.app.inject({ method: 'POST', url: '/auth/links/redeem', headers: { origin: PUBLIC_ORIGIN }, payload: { token: tokenOf(await smtp.linkFor('member@acme.test')) } });
    expect(redeemed.statusCode).toBe(200);
  });

  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  it("answers an admin's invitation of another company's account (or root's) exactly like a fresh address", async () => {
    const before = await usersWithRoot();
    const since = smtp.mails.length;
    const results = await invite(acmeAdmin, [{ email: 'bea@beta.test' }, { email: 'fresh@acme.test' }, { email: 'root@webinar.test' }, { email: 'BEA@beta.test ' }]);

    const shape = (r: Result) => ({ row: r.row, status: r.status, keys: Object.keys(r).sort(), userId: typeof r.userId, expiresAt: typeof r.expiresAt });
    expect(results.map(shape)).toEqual([0, 1, 2, 3].map((row) => ({ row, status: 'invited', keys: ['expiresAt', 'row', 'status', 'userId'], userId: 'string', expiresAt: 'string' })));
    for (const r of results) expect(r.userId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const expiries = results.map((r) => Date.parse(r.expiresAt!));
    expect(Math.max(...expiries) - Math.min(...expiries)).toBeLessThan(5_000);

    // Nothing stored for the taken addresses: one new user (fresh@acme.test), Beta's account untouched.
    const after = await usersWithRoot();
    expect(after).toHaveLength(before.length + 1);
    expect(after).toEqual(expect.arrayContaining(before));
    const ids = new Set(after.map((u) => u.id));
    expect([results[0]!.userId, results[2]!.userId, results[3]!.userId].filter((id) => ids.has(id!))).toEqual([]);
    expect(after.filter((u) => u.company_id === acme).map((u) => u.id)).toContain(results[1]!.userId);

    // Mails: a real invitation to the fresh address; only a neutral notice (no link, no company) to the others.
    await smtp.linkFor('fresh@acme.test', since);
    await settle();
    for (const address of ['bea@beta.test', 'root@webinar.test']) {
      const mails = mailsTo(address, since);
      expect(mails.length).toBeGreaterThanOrEqual(1);
      for (const mail of mails) {
        expect(mail.subject).toBe('About an invitation to Webinar');
        expect(mail.text).not.toMatch(/https?:\/\//);
        expect(mail.text).not.toMatch(/acme/i);
      }
    }
  });

  it("leaves the other company's person signed-in-able with their own pending invitation, in their own company", async () => {
    const redeemed = await h.app.inject({ method: 'POST', url: '/auth/links/redeem', headers: { origin: PUBLIC_ORIGIN }, payload: { token: tokenOf(betaLink) } });
    expect(redeemed.statusCode).toBe(200);
    expect(redeemed.json()).toMatchObject({ user: { role: 'prospect', companyId: beta } });
    // Once active in Beta, Acme's admin still cannot tell.
    const again = await invite(acmeAdmin, [{ email: 'bea@beta.test' }]);
    expect(again).toEqual([{ row: 0, status: 'invited', userId: expect.any(String), expiresAt: expect.any(String) }]);
  });

  it('keeps the clear codes for duplicates inside the own company, and for root', async () => {
    expect(await invite(acmeAdmin, [{ email: 'member@acme.test' }, { email: 'boss@acme.test' }, { email: 'fresh@acme.test' }])).toEqual([
      { row: 0, status: 'refused', code: 'INVITATION.ALREADY_MEMBER' },
      // Same company, other role (an admin invited as prospect).
      { row: 1, status: 'refused', code: 'INVITATION.EMAIL_IN_USE' },
      // Still invited in this company: a new link, as before.
      { row: 2, status: 'invited', userId: expect.any(String), expiresAt: expect.any(String) },
    ]);
    expect(await invite(betaAdmin, [{ email: 'bea@beta.test' }])).toEqual([{ row: 0, status: 'refused', code: 'INVITATION.ALREADY_MEMBER' }]);
    expect(await invite(rootToken, [{ email: 'bea@beta.test', companyId: acme }])).toEqual([{ row: 0, status: 'refused', code: 'INVITATION.EMAIL_IN_USE' }]);
  });

  it('answers ids longer than 100 characters like unknown ones on every auth route with path parameters', async () => {
    const routes = listRoutes(h.app).filter((r) => r.path.startsWith('/auth/') && r.path.includes(':'));
    expect(routes.length).toBeGreaterThan(3);
    const mismatches: string[] = [];
    let address = 0;
    for (const route of routes) {
      for (const bearer of [acmeAdmin, rootToken]) {
        const send = (value: string) =>
          h.app.inject({
            method: route.method as 'GET',
            url: route.path.replace(/:(\w+)/g, encodeURIComponent(value)),
            headers: { authorization: `Bearer ${bearer}`, origin: PUBLIC_ORIGIN, 'content-type': 'application/json' },
            remoteAddress: `10.77.${Math.floor(++address / 250) % 250}.${address % 250}`,
            ...(route.method === 'GET' ? {} : { payload: '{}' }),
          });
        const unknown = await send('a'.repeat(8));
        for (const length of [101, 400, 4000]) {
          const long = await send('a'.repeat(length));
          if (long.statusCode === 414 || long.statusCode !== unknown.statusCode || long.body !== unknown.body) {
            mismatches.push(`${route.method} ${route.path} (${length}) → ${long.statusCode} ${long.body.slice(0, 80)}; unknown → ${unknown.statusCode} ${unknown.body.slice(0, 80)}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
