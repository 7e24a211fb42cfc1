// The identity journey against real PostgreSQL and a real SMTP server on loopback: root bootstrap →
// root signs in by link → root must enrol (password + TOTP) before acting → root invites an admin →
// the admin (link read from the received mail) signs in, sets a password, enrols TOTP, signs in with
// password + TOTP and invites a prospect → the prospect signs in. Plus the session rules (ASVS V7).
import { withTenant } from '@webinar/persistence';
import { verifyJwt } from '@webinar/security';
import { ACCESS_TOKEN_ISSUER } from '@webinar/http';
import { randomUUID } from 'node:crypto';
import { AuthBootstrap } from '../src/bootstrap/auth-bootstrap';
import { base32Decode, hotp, totpStep } from '../src/credentials/totp';
import { type Harness, PUBLIC_ORIGIN, sessionCookieOf, SmtpCatcher, startAuth, tokenOf } from './support/harness';
import { signInWithMfa } from './support/mfa-sign-in';

describe('identity journey', () => {
  let h: Harness;
  let smtp: SmtpCatcher;
  let rootLink: string | undefined;
  const companyId = randomUUID();

  const redeem = (token: string, remoteAddress = '127.0.0.1') =>
    h.app.inject({
      method: 'POST',
      url: '/auth/links/redeem',
      headers: { origin: PUBLIC_ORIGIN },
      payload: { token },
      remoteAddress,
    });
  const withCookie = (cookie: string, extra: Record<string, string> = {}) => ({ cookie: `__Host-session=${cookie}`, ...extra });
  const signIn = async (link: string): Promise<string> => {
    const response = await redeem(tokenOf(link));
    expect(response.statusCode).toBe(200);
    return sessionCookieOf(response.headers['set-cookie'])!.value;
  };
  const accessToken = async (cookie: string, audience = 'auth'): Promise<string> => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/auth/token',
      headers: withCookie(cookie, { origin: PUBLIC_ORIGIN }),
      payload: { audience },
    });
    expect(response.statusCode).toBe(200);
    return response.json<{ accessToken: string }>().accessToken;
  };
  const invite = (bearer: string, invitations: object[]) =>
    h.app.inject({ method: 'POST', url: '/auth/invitations', headers: { authorization: `Bearer ${bearer}` }, payload: { invitations } });
  const post = (url: string, cookie: string | undefined, payload: object, remoteAddress = '127.0.0.1') =>
    h.app.inject({ method: 'POST', url, headers: cookie ? withCookie(cookie, { origin: PUBLIC_ORIGIN }) : { origin: PUBLIC_ORIGIN }, payload, remoteAddress });
  const claimsOf = (token: string): Record<string, unknown> => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  const mfaRequired = { code: 'AUTH.MFA_REQUIRED', message: expect.stringContaining('password and authenticator') };

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    h = await startAuth({ smtpUrl: smtp.url, rootEmail: 'root@webinar.test' });
    rootLink = h.app.get(AuthBootstrap).takeRootLoginLink();
    await h.bus.publish('cms.company.created.v1', { companyId, name: 'Acme', createdAt: new Date().toISOString() });
    await h.bus.waitForIdle();
  });

  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  it('creates root at first start and hands out its login link once, as an https link with the token in the fragment', () => {
    expect(rootLink).toMatch(/^https:\/\/webinar\.test\/auth\/link#[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(h.app.get(AuthBootstrap).takeRootLoginLink()).toBeUndefined();
  });

  it('stores the e-mail address only encrypted, with a blind index', async () => {
    const rows = await withTenant(h.db.dataSource, { root: true }, (m) =>
      m.query<{ email_cipher: string; email_index: string }[]>(`select email_cipher, email_index from auth.users where role = 'root'`),
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain('root@webinar.test');
    expect(rows[0]!.email_index).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sends a link to the app\'s confirmation page (which consumes nothing), without referrer and without caching', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/auth/link' });
    // 303 to the browser app's /link: the fragment (the token) stays in the browser across it.
    expect(page.statusCode).toBe(303);
    expect(page.headers['location']).toBe('/link');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    expect((await h.app.inject({ method: 'GET', url: '/auth/link.js' })).statusCode).toBe(404);
  });

  let rootCookie: string;

  it('signs root in with a __Host- session cookie (HttpOnly, Secure, SameSite=Strict, Path=/)', async () => {
    const response = await redeem(tokenOf(rootLink!));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ user: { role: 'root', companyId: null } });
    const cookie = sessionCookieOf(response.headers['set-cookie'])!;
    expect(cookie.value).toMatch(/^[\w-]{43}$/);
    expect(cookie.header).toMatch(/; HttpOnly/);
    expect(cookie.header).toMatch(/; Secure/);
    expect(cookie.header).toMatch(/; SameSite=Strict/);
    expect(cookie.header).toMatch(/; Path=\//);
    expect(cookie.header).not.toMatch(/Domain=/i);
    rootCookie = cookie.value;
    const hashes = await h.db.dataSource.query<{ token_hash: string }[]>('select token_hash from auth.sessions');
    expect(hashes.map((r) => r.token_hash)).not.toContain(rootCookie);
  });

  it('does not issue a new root link on the next start once root has signed in', async () => {
    await h.app.get(AuthBootstrap).onApplicationBootstrap();
    expect(h.app.get(AuthBootstrap).takeRootLoginLink()).toBeUndefined();
  });

  it('answers who-am-I from the cookie and refuses without it', async () => {
    const me = await h.app.inject({ method: 'GET', url: '/auth/session', headers: withCookie(rootCookie) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { role: 'root' } });
    const anonymous = await h.app.inject({ method: 'GET', url: '/auth/session' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
  });

  it('exchanges the session for a ≤ 5 min EdDSA access token carrying only global role and company', async () => {
    const token = await accessToken(rootCookie, 'cms');
    const verified = await verifyJwt<{ role: string; cid: string | null }>(token, h.accessKeys, { typ: 'at+jwt', issuer: ACCESS_TOKEN_ISSUER, audience: 'cms' });
    expect(verified.header.alg).toBe('EdDSA');
    expect(verified.payload.exp - verified.payload.iat!).toBeLessThanOrEqual(300);
    expect(verified.payload).toMatchObject({ role: 'root', cid: null });
    const unknownAudience = await h.app.inject({
      method: 'POST',
      url: '/auth/token',
      headers: withCookie(rootCookie, { origin: PUBLIC_ORIGIN }),
      payload: { audience: 'elsewhere' },
    });
    expect(unknownAudience.statusCode).toBe(400);
  });

  it('refuses cookie-authenticated POSTs from another origin or with no origin at all (CSRF)', async () => {
    for (const headers of [withCookie(rootCookie, { origin: 'https://evil.test' }), withCookie(rootCookie), withCookie(rootCookie, { 'sec-fetch-site': 'cross-site' })]) {
      const response = await h.app.inject({ method: 'POST', url: '/auth/token', headers, payload: { audience: 'auth' } });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'AUTH.CSRF_REFUSED' });
    }
  });

  it("refuses root's link session on privileged routes (AUTH.MFA_REQUIRED) until root enrols and signs in with password + TOTP", async () => {
    const me = await h.app.inject({ method: 'GET', url: '/auth/session', headers: withCookie(rootCookie) });
    expect(me.json()).toMatchObject({ session: { amr: 'link', mfa: false } });
    const linkToken = await accessToken(rootCookie);
    expect(claimsOf(linkToken)).toMatchObject({ role: 'root', mfa: false });
    for (const refused of [
      await invite(linkToken, [{ email: 'early@acme.test', companyId, role: 'admin' }]),
      await h.app.inject({ method: 'GET', url: '/auth/mailbox', headers: { authorization: `Bearer ${linkToken}` } }),
      await h.app.inject({ method: 'GET', url: '/auth/elevations', headers: { authorization: `Bearer ${linkToken}` } }),
    ]) {
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toEqual(mfaRequired);
    }
    // The onboarding routes are cookie routes and stay open to the link session.
    const credentials = await h.app.inject({ method: 'GET', url: '/auth/credentials', headers: withCookie(rootCookie) });
    expect(credentials.json()).toMatchObject({ enrolmentExpected: true, passwordLoginReady: false });

    rootCookie = (await signInWithMfa(h.app, rootCookie, 'root@webinar.test')).cookie;

    const strong = await h.app.inject({ method: 'GET', url: '/auth/session', headers: withCookie(rootCookie) });
    expect(strong.json()).toMatchObject({ user: { role: 'root' }, session: { amr: 'pwd+otp', mfa: true } });
    const token = await h.app.inject({ method: 'POST', url: '/auth/token', headers: withCookie(rootCookie, { origin: PUBLIC_ORIGIN }), payload: { audience: 'auth' } });
    expect(token.json()).toMatchObject({ mfa: true, elevated: false });
    expect(claimsOf(token.json<{ accessToken: string }>().accessToken)).toMatchObject({ role: 'root', mfa: true });
    const bearer = { authorization: `Bearer ${token.json<{ accessToken: string }>().accessToken}` };
    const elevations = await h.app.inject({ method: 'GET', url: '/auth/elevations', headers: bearer });
    expect(elevations.statusCode).toBe(200);
    // Past the guard's mfa check now, the mailbox still wants an elevated root (it names people).
    const mailbox = await h.app.inject({ method: 'GET', url: '/auth/mailbox', headers: bearer });
    expect(mailbox.statusCode).toBe(403);
    expect(mailbox.json()).toMatchObject({ code: 'AUTH.ELEVATION_REQUIRED' });
  });

  let adminCookie: string;

  it('onboards an admin: invitation mail → link → password → TOTP → password + TOTP sign-in → admin routes work', async () => {
    const response = await invite(await accessToken(rootCookie), [{ email: 'admin@acme.test', companyId, role: 'admin' }]);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ results: [expect.objectContaining({ row: 0, status: 'invited' })] });
    const link = await smtp.linkFor('admin@acme.test');
    expect(link.startsWith(`${PUBLIC_ORIGIN}/auth/link#`)).toBe(true);
    const linkCookie = await signIn(link);
    const me = await h.app.inject({ method: 'GET', url: '/auth/session', headers: withCookie(linkCookie) });
    expect(me.json()).toMatchObject({ user: { role: 'admin', companyId }, session: { amr: 'link', mfa: false } });
    // Signed in by the link alone, the admin may not act as admin yet.
    const early = await invite(await accessToken(linkCookie), [{ email: 'early@acme.test' }]);
    expect(early.statusCode).toBe(403);
    expect(early.json()).toEqual(mfaRequired);

    // As the UI does it, step by step: password, authenticator (QR code / secret), first code.
    const password = 'saffron kettle orbit 2291';
    expect((await post('/auth/credentials/password', linkCookie, { password })).statusCode).toBe(204);
    const started = await post('/auth/credentials/totp', linkCookie, { password });
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({ qrCode: expect.stringMatching(/^data:image\/png;base64,/) });
    const secret = base32Decode(started.json<{ secret: string }>().secret)!;
    const step = totpStep(Date.now());
    const confirmed = await post('/auth/credentials/totp/confirm', linkCookie, { code: hotp(secret, step) });
    expect(confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes).toHaveLength(10);
    // Enrolling does not turn the link session into a strong one: only a password + TOTP sign-in does.
    expect(claimsOf(await accessToken(linkCookie))).toMatchObject({ mfa: false });

    const login = await post('/auth/password-login', undefined, { email: 'admin@acme.test', password, totp: hotp(secret, step + 1) });
    expect(login.statusCode).toBe(200);
    adminCookie = sessionCookieOf(login.headers['set-cookie'])!.value;
    const strong = await h.app.inject({ method: 'GET', url: '/auth/session', headers: withCookie(adminCookie) });
    expect(strong.json()).toMatchObject({ user: { role: 'admin', companyId }, session: { amr: 'pwd+otp', mfa: true } });
    const stored = await h.db.dataSource.query<{ amr: string }[]>(`select amr from auth.sessions where user_id = $1 order by created_at`, [
      me.json<{ user: { id: string } }>().user.id,
    ]);
    expect(stored.map((r) => r.amr)).toEqual(['link', 'pwd+otp']);
    const adminToken = await accessToken(adminCookie, 'cms');
    expect(claimsOf(adminToken)).toMatchObject({ role: 'admin', cid: companyId, mfa: true });
  });

  it('lets the admin invite prospects in bulk into their own company only, with a result per row', async () => {
    const response = await invite(await accessToken(adminCookie), [
      { email: 'pat@acme.test' },
      { email: 'not an address' },
      { email: 'x@acme.test', companyId: randomUUID() },
      { email: 'boss@acme.test', role: 'admin' },
      { email: 'admin@acme.test' },
    ]);
    expect(response.statusCode).toBe(200);
    expect(response.json<{ results: object[] }>().results).toEqual([
      expect.objectContaining({ row: 0, status: 'invited' }),
      { row: 1, status: 'refused', code: 'INVITATION.INVALID_EMAIL' },
      { row: 2, status: 'refused', code: 'INVITATION.OTHER_COMPANY' },
      { row: 3, status: 'refused', code: 'INVITATION.ROLE_NOT_ALLOWED' },
      { row: 4, status: 'refused', code: 'INVITATION.EMAIL_IN_USE' },
    ]);
    const prospectCookie = await signIn(await smtp.linkFor('pat@acme.test'));
    const me = await h.app.inject({ method: 'GET', url: '/auth/session', headers: withCookie(prospectCookie) });
    expect(me.json()).toMatchObject({ user: { role: 'prospect', companyId } });
  });

  it('refuses invitations to a prospect', async () => {
    const prospectCookie = await signIn(await (async () => {
      const since = smtp.mails.length;
      await h.app.inject({ method: 'POST', url: '/auth/login-links', payload: { email: 'pat@acme.test' }, remoteAddress: '10.0.0.9' });
      return smtp.linkFor('pat@acme.test', since);
    })());
    const response = await invite(await accessToken(prospectCookie), [{ email: 'y@acme.test' }]);
    expect(response.statusCode).toBe(403);
  });

  it('gives a new session id at every login and lets a user list and revoke their own sessions', async () => {
    const since = smtp.mails.length;
    await h.app.inject({ method: 'POST', url: '/auth/login-links', payload: { email: 'admin@acme.test' }, remoteAddress: '10.0.0.10' });
    const second = await signIn(await smtp.linkFor('admin@acme.test', since));
    expect(second).not.toBe(adminCookie);
    const list = await h.app.inject({ method: 'GET', url: '/auth/sessions', headers: withCookie(second) });
    const sessions = list.json<{ id: string; amr: string; current: boolean }[]>();
    // The invitation's link session, the password + TOTP one, and this new link session.
    expect(sessions).toHaveLength(3);
    expect(sessions.find((s) => s.current)).toMatchObject({ amr: 'link' });
    const other = sessions.find((s) => s.amr === 'pwd+otp')!;
    const revoke = await h.app.inject({ method: 'DELETE', url: `/auth/sessions/${other.id}`, headers: withCookie(second, { origin: PUBLIC_ORIGIN }) });
    expect(revoke.statusCode).toBe(204);
    expect((await h.app.inject({ method: 'GET', url: '/auth/session', headers: withCookie(adminCookie) })).statusCode).toBe(401);
    const again = await h.app.inject({ method: 'DELETE', url: `/auth/sessions/${other.id}`, headers: withCookie(second, { origin: PUBLIC_ORIGIN }) });
    expect(again.statusCode).toBe(404);
    adminCookie = second;
  });

  it('slides the idle deadline on use and ends the session at the idle and at the absolute timeout', async () => {
    const deadline = async (): Promise<Date> => {
      const me = await h.app.inject({ method: 'GET', url: '/auth/session', headers: withCookie(adminCookie) });
      return new Date(me.json<{ session: { idleExpiresAt: string } }>().session.idleExpiresAt);
    };
    const first = await deadline();
    await new Promise((r) => setTimeout(r, 20));
    expect((await deadline()).getTime()).toBeGreaterThan(first.getTime());

    const me = await h.app.inject({ method: 'GET', url: '/auth/session', headers: withCookie(adminCookie) });
    const sessionId = me.json<{ session: { id: string } }>().session.id;
    await h.db.dataSource.query(`update auth.sessions set idle_expires_at = now() - interval '1 second' where id = $1`, [sessionId]);
    expect((await h.app.inject({ method: 'GET', url: '/auth/session', headers: withCookie(adminCookie) })).statusCode).toBe(401);
    await h.db.dataSource.query(
      `update auth.sessions set idle_expires_at = now() + interval '10 minutes', absolute_expires_at = now() - interval '1 second' where id = $1`,
      [sessionId],
    );
    expect((await h.app.inject({ method: 'GET', url: '/auth/session', headers: withCookie(adminCookie) })).statusCode).toBe(401);
  });

  it('logs out: the cookie stops working, and the revocation reaches the revocation set through the bus', async () => {
    const since = smtp.mails.length;
    await h.app.inject({ method: 'POST', url: '/auth/login-links', payload: { email: 'admin@acme.test' }, remoteAddress: '10.0.0.11' });
    const cookie = await signIn(await smtp.linkFor('admin@acme.test', since));
    const token = await accessToken(cookie);
    const me = await h.app.inject({ method: 'GET', url: '/auth/session', headers: withCookie(cookie) });
    const { user, session } = me.json<{ user: { id: string }; session: { id: string } }>();

    const logout = await h.app.inject({ method: 'POST', url: '/auth/logout', headers: withCookie(cookie, { origin: PUBLIC_ORIGIN }) });
    expect(logout.statusCode).toBe(204);
    expect(String(logout.headers['set-cookie'])).toMatch(/__Host-session=;/);
    expect((await h.app.inject({ method: 'GET', url: '/auth/session', headers: withCookie(cookie) })).statusCode).toBe(401);

    const started = Date.now();
    while (!h.revocations.isRevoked({ sessionId: session.id, userId: user.id }) && Date.now() - started < 5000) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(h.revocations.isRevoked({ sessionId: session.id, userId: user.id })).toBe(true);
    expect((await invite(token, [{ email: 'z@acme.test' }])).statusCode).toBe(401);
  });

  it('disabling an account ends its sessions and revokes its tokens everywhere', async () => {
    const since = smtp.mails.length;
    await h.app.inject({ method: 'POST', url: '/auth/login-links', payload: { email: 'pat@acme.test' }, remoteAddress: '10.0.0.12' });
    const cookie = await signIn(await smtp.linkFor('pat@acme.test', since));
    const me = await h.app.inject({ method: 'GET', url: '/auth/session', headers: withCookie(cookie) });
    const userId = me.json<{ user: { id: string } }>().user.id;
    const rootToken = await accessToken(rootCookie);
    const disable = await h.app.inject({ method: 'POST', url: `/auth/users/${userId}/disable`, headers: { authorization: `Bearer ${rootToken}` } });
    expect(disable.statusCode).toBe(204);
    expect((await h.app.inject({ method: 'GET', url: '/auth/session', headers: withCookie(cookie) })).statusCode).toBe(401);
    const started = Date.now();
    while (!h.revocations.isRevoked({ sessionId: randomUUID(), userId }) && Date.now() - started < 5000) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(h.revocations.isRevoked({ sessionId: randomUUID(), userId })).toBe(true);
    // A disabled account gets no login link either, and the answer does not say so.
    const request = await h.app.inject({ method: 'POST', url: '/auth/login-links', payload: { email: 'pat@acme.test' }, remoteAddress: '10.0.0.13' });
    expect(request.statusCode).toBe(202);
  });
});
