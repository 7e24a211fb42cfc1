// Passwords and TOTP against real PostgreSQL and a real SMTP server on loopback (ASVS 6.2, 6.3.3):
// the policy, the stored argon2id parameters, authenticator enrolment and confirmation, password
// login with a TOTP or recovery code, replay refusal, enumeration sameness, password change ending
// the other sessions and their access tokens, and the audit events of all of it — none carrying a
// secret.
import { readPasswordHashParams } from '@webinar/security';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { base32Decode, hotp, totpStep } from '../src/credentials/totp';
import { CredentialsWorld, type Enrolled, nextAddress, STRONG_PASSWORD, withCookie } from './credentials-support';
import { type Harness, sessionCookieOf, SmtpCatcher, startAuth } from './support/harness';
import { MFA_TEST_PASSWORD } from './support/mfa-sign-in';

describe('credentials: passwords and TOTP', () => {
  let h: Harness;
  let smtp: SmtpCatcher;
  let world: CredentialsWorld;
  /** Every secret a test handled; the audit test greps the outbox for each of them. */
  const secrets = new Set<string>();
  const remember = (...values: string[]): void => values.forEach((v) => secrets.add(v));

  const who = (cookie: string) => h.app.inject({ method: 'GET', url: '/auth/session', headers: withCookie(cookie) });
  const status = async (cookie: string) => (await h.app.inject({ method: 'GET', url: '/auth/credentials', headers: withCookie(cookie) })).json<Record<string, unknown>>();
  const rememberUser = (user: Enrolled): void => remember(user.email, user.password, user.cookie, user.link, ...user.recoveryCodes, user.secret.toString('hex'));

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    h = await startAuth({ smtpUrl: smtp.url, rootEmail: 'root@creds.test' });
    world = new CredentialsWorld(h, smtp);
    await world.init();
    remember('root@creds.test', world.rootCookie, world.rootLinkCookie, MFA_TEST_PASSWORD, ...world.root!.recoveryCodes, world.root!.secret.toString('hex'));
  });

  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  describe('password policy', () => {
    it.each([
      ['PASSWORD.TOO_SHORT', 'short pass'],
      ['PASSWORD.TOO_LONG', 'x'.repeat(129)],
      ['PASSWORD.COMMON', 'Password2024!'],
      ['PASSWORD.COMMON', '1qaz2wsx3edc'],
    ])('refuses with %s', async (code, password) => {
      const user = await world.invited();
      const response = await world.post('/auth/credentials/password', user.cookie, { password });
      expect({ status: response.statusCode, code: response.json<{ code: string }>().code }).toEqual({ status: 400, code });
      expect(await status(user.cookie)).toMatchObject({ passwordSet: false });
    });

    it('refuses a password containing the account e-mail address (its local part)', async () => {
      const user = await world.invited('admin', `margaret.hamilton-${randomUUID().slice(0, 4)}@creds.test`);
      const local = user.email.split('@')[0]!;
      for (const password of [user.email, `${local.toUpperCase()} rocks`]) {
        const response = await world.post('/auth/credentials/password', user.cookie, { password });
        expect(response.json()).toMatchObject({ code: 'PASSWORD.CONTAINS_EMAIL' });
      }
    });

    it('stores argon2id with m ≥ 19 MiB, t ≥ 2 (read back from the stored hash), never the password', async () => {
      const user = await world.invited();
      const set = await world.post('/auth/credentials/password', user.cookie, { password: STRONG_PASSWORD });
      expect(set.statusCode).toBe(204);
      const [row] = await world.sql<{ password_hash: string }>(`SELECT password_hash FROM auth.credentials WHERE user_id = $1`, [user.userId]);
      expect(row!.password_hash).not.toContain(STRONG_PASSWORD);
      expect(readPasswordHashParams(row!.password_hash)).toEqual({
        algorithm: 'argon2id',
        version: 19,
        memoryCost: expect.any(Number),
        timeCost: expect.any(Number),
        parallelism: 1,
      });
      const params = readPasswordHashParams(row!.password_hash)!;
      expect(params.memoryCost).toBeGreaterThanOrEqual(19_456);
      expect(params.timeCost).toBeGreaterThanOrEqual(2);
      // Setting again is a change, which needs the current password.
      const again = await world.post('/auth/credentials/password', user.cookie, { password: `${STRONG_PASSWORD} again` });
      expect({ status: again.statusCode, body: again.json() }).toMatchObject({ status: 409, body: { code: 'PASSWORD.ALREADY_SET' } });
    });

    it('lets a first password be set only from a recent sign-in', async () => {
      const user = await world.invited();
      await world.sql(`UPDATE auth.sessions SET created_at = now() - interval '11 minutes' WHERE user_id = $1`, [user.userId]);
      const response = await world.post('/auth/credentials/password', user.cookie, { password: STRONG_PASSWORD });
      expect({ status: response.statusCode, body: response.json() }).toMatchObject({ status: 403, body: { code: 'AUTH.REAUTHENTICATION_REQUIRED' } });
    });
  });

  describe('TOTP enrolment', () => {
    it('needs a password first, and the right password to start', async () => {
      const user = await world.invited();
      expect((await world.post('/auth/credentials/totp', user.cookie, { password: STRONG_PASSWORD })).json()).toMatchObject({ code: 'PASSWORD.NOT_SET' });
      await world.post('/auth/credentials/password', user.cookie, { password: STRONG_PASSWORD });
      const wrong = await world.post('/auth/credentials/totp', user.cookie, { password: 'not the password at all' });
      expect({ status: wrong.statusCode, body: wrong.json() }).toMatchObject({ status: 403, body: { code: 'PASSWORD.WRONG' } });
    });

    it('answers an otpauth URI and a PNG QR code, stores the secret encrypted, confirms with a first code and shows 10 hashed recovery codes once', async () => {
      const user = await world.invited();
      remember(user.email, user.cookie, user.link);
      await world.post('/auth/credentials/password', user.cookie, { password: STRONG_PASSWORD });
      const started = await world.post('/auth/credentials/totp', user.cookie, { password: STRONG_PASSWORD });
      expect(started.statusCode).toBe(200);
      expect(started.headers['cache-control']).toBe('no-store');
      const view = started.json<{ otpauthUri: string; secret: string; qrCode: string }>();
      remember(view.secret);
      const uri = new URL(view.otpauthUri);
      expect(uri.protocol).toBe('otpauth:');
      expect(uri.searchParams.get('secret')).toBe(view.secret);
      expect(view.secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(Object.fromEntries(uri.searchParams)).toMatchObject({ algorithm: 'SHA1', digits: '6', period: '30', issuer: 'Webinar (webinar.test)' });
      expect(view.qrCode).toMatch(/^data:image\/png;base64,/);
      expect(Buffer.from(view.qrCode.split(',')[1]!, 'base64').subarray(1, 4).toString()).toBe('PNG');

      const [stored] = await world.sql<Record<string, string | null>>(`SELECT * FROM auth.credentials WHERE user_id = $1`, [user.userId]);
      expect(stored!['totp_pending_cipher']).toMatch(/^v1\./);
      expect(JSON.stringify(stored)).not.toContain(view.secret);
      expect(await status(user.cookie)).toMatchObject({ passwordSet: true, totpEnrolled: false, passwordLoginReady: false });

      const secret = base32Decode(view.secret)!;
      const step = totpStep(Date.now());
      const wrongCode = String((Number(hotp(secret, step)) + 1) % 1_000_000).padStart(6, '0');
      const refused = await world.post('/auth/credentials/totp/confirm', user.cookie, { code: wrongCode });
      expect(refused.json()).toMatchObject({ code: 'TOTP.INVALID' });
      const confirmed = await world.post('/auth/credentials/totp/confirm', user.cookie, { code: hotp(secret, step) });
      expect(confirmed.statusCode).toBe(200);
      const { recoveryCodes } = confirmed.json<{ recoveryCodes: string[] }>();
      remember(...recoveryCodes);
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      const hashes = await world.sql<{ code_hash: string }>(`SELECT code_hash FROM auth.recovery_codes WHERE user_id = $1`, [user.userId]);
      expect(hashes).toHaveLength(10);
      for (const code of recoveryCodes) expect(JSON.stringify(hashes)).not.toContain(code.replace(/-/g, ''));
      expect(await status(user.cookie)).toEqual({
        passwordSet: true,
        totpEnrolled: true,
        recoveryCodesRemaining: 10,
        passwordLoginReady: true,
        enrolmentExpected: true,
      });
      // Confirming again: the enrolment is spent.
      expect((await world.post('/auth/credentials/totp/confirm', user.cookie, { code: hotp(secret, step + 1) })).json()).toMatchObject({ code: 'TOTP.NO_ENROLMENT' });
    });
  });

  describe('password login', () => {
    let user: Enrolled;

    beforeAll(async () => {
      user = await world.enrolled();
      rememberUser(user);
    });

    it('opens a new session with a __Host- cookie, like a link login', async () => {
      const code = await world.nextCode(user);
      remember(code);
      const response = await world.login({ email: user.email, password: user.password, totp: code });
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.json()).toMatchObject({ user: { id: user.userId, role: 'admin', companyId: world.companyId } });
      const cookie = sessionCookieOf(response.headers['set-cookie'])!;
      remember(cookie.value);
      expect(cookie.header).toMatch(/; HttpOnly/);
      expect(cookie.header).toMatch(/; Secure/);
      expect(cookie.header).toMatch(/; SameSite=Strict/);
      expect(cookie.value).not.toBe(user.cookie);
      expect((await who(cookie.value)).json()).toMatchObject({ user: { id: user.userId } });
    });

    it('accepts typed variants of a code (spaces) and of the address (case)', async () => {
      const code = await world.nextCode(user);
      const response = await world.login({ email: user.email.toUpperCase(), password: user.password, totp: `${code.slice(0, 3)} ${code.slice(3)}` });
      expect(response.statusCode).toBe(200);
    });

    it('refuses a replayed TOTP code: a step once used is never accepted again', async () => {
      const code = await world.nextCode(user);
      remember(code);
      expect((await world.login({ email: user.email, password: user.password, totp: code })).statusCode).toBe(200);
      const replay = await world.login({ email: user.email, password: user.password, totp: code });
      expect({ status: replay.statusCode, body: replay.json() }).toMatchObject({ status: 401, body: { code: 'AUTH.LOGIN_FAILED' } });
      expect(replay.headers['set-cookie']).toBeUndefined();
      // Two concurrent logins with one fresh code: exactly one wins.
      await world.sql(`DELETE FROM auth.login_backoff`);
      const fresh = await world.nextCode(user);
      const raced = await Promise.all([1, 2].map(() => world.login({ email: user.email, password: user.password, totp: fresh })));
      expect(raced.map((r) => r.statusCode).sort()).toEqual([200, 401]);
    });

    it('accepts each recovery code once, in place of the TOTP code', async () => {
      await world.sql(`DELETE FROM auth.login_backoff`);
      const [first, second] = user.recoveryCodes;
      const login = (recoveryCode: string) => world.login({ email: user.email, password: user.password, recoveryCode });
      expect((await login(first!)).statusCode).toBe(200);
      expect((await login(first!)).statusCode).toBe(401);
      expect((await login(second!.toUpperCase().replace(/-/g, ' '))).statusCode).toBe(200);
      expect(await status(user.cookie)).toMatchObject({ recoveryCodesRemaining: 8 });
    });

    it('answers every refusal identically: unknown address, wrong password, missing or wrong code, no authenticator', async () => {
      await world.sql(`DELETE FROM auth.login_backoff`);
      const passwordOnly = await world.invited();
      await world.post('/auth/credentials/password', passwordOnly.cookie, { password: STRONG_PASSWORD });
      const right = await world.nextCode(user);
      const wrongCode = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
      const cases: Record<string, object> = {
        'unknown address': { email: `nobody-${randomUUID()}@creds.test`, password: user.password, totp: right },
        'wrong password': { email: user.email, password: 'wrong horse battery staple', totp: right },
        'missing code': { email: user.email, password: user.password },
        'wrong code': { email: user.email, password: user.password, totp: wrongCode },
        'bad recovery code': { email: user.email, password: user.password, recoveryCode: 'zzzz-zzzz-zzzz-zzzz-zzzz-zzzz' },
        'account without authenticator': { email: passwordOnly.email, password: STRONG_PASSWORD, totp: right },
        'account without password': { email: (await world.invited()).email, password: STRONG_PASSWORD, totp: right },
      };
      const answers: Record<string, object> = {};
      for (const [name, payload] of Object.entries(cases)) {
        // Four of the cases share one account: clear its backoff so that each is a first failure.
        await world.sql(`DELETE FROM auth.login_backoff`);
        const response = await world.login(payload);
        answers[name] = {
          status: response.statusCode,
          body: response.body,
          type: response.headers['content-type'],
          length: response.headers['content-length'],
          cookie: response.headers['set-cookie'],
          retryAfter: response.headers['retry-after'],
        };
      }
      const first = Object.values(answers)[0];
      expect(first).toMatchObject({ status: 401, cookie: undefined, retryAfter: undefined });
      for (const answer of Object.values(answers)) expect(answer).toEqual(first);
    });

    it('measures the time of a refusal for an unknown and for a known address (reported, not asserted)', async () => {
      const timings: Record<string, number[]> = { unknown: [], 'known, wrong password': [] };
      for (let i = 0; i < 6; i += 1) {
        await world.sql(`DELETE FROM auth.login_backoff`);
        for (const [name, email] of [
          ['unknown', `ghost-${i}@creds.test`],
          ['known, wrong password', user.email],
        ] as const) {
          const started = process.hrtime.bigint();
          const response = await world.login({ email, password: `guess number ${i} is wrong`, totp: '000000' });
          timings[name]!.push(Number(process.hrtime.bigint() - started) / 1e6);
          expect(response.statusCode).toBe(401);
        }
      }
      const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      console.log(`password-login refusal medians (ms): unknown=${median(timings['unknown']!).toFixed(1)} known=${median(timings['known, wrong password']!).toFixed(1)}`);
    });
  });

  describe('changing the password', () => {
    it('needs the current password, ends every other session and their access tokens, keeps this one', async () => {
      await world.sql(`DELETE FROM auth.login_backoff`);
      const user = await world.enrolled();
      rememberUser(user);
      const loginA = await world.login({ email: user.email, password: user.password, totp: await world.nextCode(user) });
      const loginB = await world.login({ email: user.email, password: user.password, totp: await world.nextCode(user) });
      const a = sessionCookieOf(loginA.headers['set-cookie'])!.value;
      const b = sessionCookieOf(loginB.headers['set-cookie'])!.value;
      remember(a, b);
      const tokenB = await world.accessToken(b);
      remember(tokenB);
      const sessionB = (await who(b)).json<{ session: { id: string } }>().session.id;
      const invite = (bearer: string) =>
        h.app.inject({ method: 'POST', url: '/auth/invitations', headers: { authorization: `Bearer ${bearer}` }, payload: { invitations: [{ email: `x-${randomUUID()}@creds.test` }] } });
      expect((await invite(tokenB)).statusCode).toBe(200);

      const newPassword = 'quiet meadow under copper sky';
      remember(newPassword);
      const wrong = await world.post('/auth/credentials/password/change', a, { currentPassword: 'not my password at all', newPassword });
      expect({ status: wrong.statusCode, body: wrong.json() }).toMatchObject({ status: 403, body: { code: 'PASSWORD.WRONG' } });
      const weak = await world.post('/auth/credentials/password/change', a, { currentPassword: user.password, newPassword: 'password1234' });
      expect(weak.json()).toMatchObject({ code: 'PASSWORD.COMMON' });

      const changed = await world.post('/auth/credentials/password/change', a, { currentPassword: user.password, newPassword });
      expect(changed.statusCode).toBe(200);
      // The invitation session and session B.
      expect(changed.json()).toEqual({ sessionsRevoked: 2 });
      expect((await who(a)).statusCode).toBe(200);
      expect((await who(b)).statusCode).toBe(401);
      expect((await who(user.cookie)).statusCode).toBe(401);

      const started = Date.now();
      while (!h.revocations.isRevoked({ sessionId: sessionB, userId: user.userId }) && Date.now() - started < 5000) {
        await new Promise((r) => setTimeout(r, 25));
      }
      expect((await invite(tokenB)).statusCode).toBe(401);
      const events = await world.sql<{ payload: { sessionId: string; reason: string } }>(
        `SELECT payload FROM auth.outbox WHERE name = 'auth.session.revoked.v1' AND payload->>'userId' = $1`,
        [user.userId],
      );
      expect(events.map((e) => e.payload.sessionId)).toContain(sessionB);
      expect(events.every((e) => e.payload.reason === 'password changed')).toBe(true);

      await world.sql(`DELETE FROM auth.login_backoff`);
      expect((await world.login({ email: user.email, password: user.password, totp: await world.nextCode(user) })).statusCode).toBe(401);
      expect((await world.login({ email: user.email, password: newPassword, totp: await world.nextCode(user) })).statusCode).toBe(200);
    });
  });

  it('lets root (who has no company) enrol and sign in by password', async () => {
    // init() enrolled root after its bootstrap link and signed in with password + TOTP; here with a recovery code.
    const me = await h.app.inject({ method: 'GET', url: '/auth/session', headers: withCookie(world.rootCookie) });
    expect(me.json()).toMatchObject({ user: { role: 'root', companyId: null }, session: { amr: 'pwd+otp', mfa: true } });
    const response = await world.login({ email: 'root@creds.test', password: MFA_TEST_PASSWORD, recoveryCode: world.root!.recoveryCodes[0] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ user: { role: 'root', companyId: null } });
    remember(sessionCookieOf(response.headers['set-cookie'])!.value);
  });

  it('fast-check: no credentials route answers hostile input with a 5xx, with a valid or a junk cookie', async () => {
    const user = await world.enrolled('prospect');
    const text = fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('', '000000', ' 123 456 ', 'zzzz-zzzz-zzzz-zzzz-zzzz-zzzz', '\u0000', 'é'.repeat(129)));
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({ email: fc.oneof(fc.emailAddress(), text), password: text, totp: text, recoveryCode: text }, { requiredKeys: [] }),
      fc.record({ password: text, currentPassword: text, newPassword: text, code: text }, { requiredKeys: [] }),
    );
    const routes = ['/auth/password-login', '/auth/credentials/password', '/auth/credentials/password/change', '/auth/credentials/totp', '/auth/credentials/totp/confirm'];
    for (const url of routes) {
      await fc.assert(
        fc.asyncProperty(body, fc.boolean(), text, async (payload, validCookie, junk) => {
          const cookie = validCookie ? user.cookie : junk.replace(/[;\r\n]/g, '');
          const response = await h.app.inject({
            method: 'POST',
            url,
            headers: { ...withCookie(cookie), 'content-type': 'application/json' },
            payload: JSON.stringify(payload),
            remoteAddress: nextAddress(),
          });
          expect({ url, status: response.statusCode < 500 }).toEqual({ url, status: true });
        }),
        { numRuns: 40 },
      );
    }
    const get = await h.app.inject({ method: 'GET', url: '/auth/credentials?x=1', headers: withCookie(user.cookie) });
    expect(get.statusCode).toBe(400);
  });

  it('audits every authentication event through the outbox, and no event carries a secret', async () => {
    // Still missing above: a refused link (replay of a used one), logout, revoking one's own session, disabling a user.
    const user = await world.invited('prospect');
    remember(user.email, user.cookie, user.link);
    expect((await world.redeem(user.link.slice(user.link.indexOf('#') + 1))).statusCode).toBe(400);
    const other = await world.enrolled('prospect');
    rememberUser(other);
    const login = await world.login({ email: other.email, password: other.password, totp: await world.nextCode(other) });
    const second = sessionCookieOf(login.headers['set-cookie'])!.value;
    remember(second);
    const sessions = (await h.app.inject({ method: 'GET', url: '/auth/sessions', headers: withCookie(second) })).json<{ id: string; current: boolean }[]>();
    const notCurrent = sessions.find((s) => !s.current)!;
    expect((await h.app.inject({ method: 'DELETE', url: `/auth/sessions/${notCurrent.id}`, headers: withCookie(second), remoteAddress: nextAddress() })).statusCode).toBe(204);
    expect((await world.post('/auth/logout', second, {})).statusCode).toBe(204);
    const disable = await h.app.inject({
      method: 'POST',
      url: `/auth/users/${user.userId}/disable`,
      headers: { authorization: `Bearer ${await world.accessToken(world.rootCookie)}` },
    });
    expect(disable.statusCode).toBe(204);

    const rows = await world.sql<{ name: string; payload: Record<string, unknown> }>(`SELECT name, payload FROM auth.outbox ORDER BY seq`);
    const audit = rows.filter((r) => r.name === 'audit.event.recorded.v1').map((r) => r.payload as { action: string; details: Record<string, unknown> });
    const actions = new Set(audit.map((a) => a.action));
    for (const action of [
      'auth.link.issued',
      'auth.link.redeemed',
      'auth.link.refused',
      'auth.login',
      'auth.login.failed',
      'auth.password.set',
      'auth.password.changed',
      'auth.totp.enrolled',
      'auth.totp.recovery-code-used',
      'auth.session.revoked',
      'auth.user.disabled',
    ]) {
      expect({ action, present: actions.has(action) }).toEqual({ action, present: true });
    }
    const methods = new Set(audit.filter((a) => a.action === 'auth.login').map((a) => a.details['method']));
    expect(methods).toEqual(new Set(['link', 'password']));
    const reasons = new Set(audit.filter((a) => a.action === 'auth.session.revoked').map((a) => a.details['reason']));
    expect(reasons).toEqual(new Set(['logout', 'revoked by its user', 'password changed', 'account disabled']));

    // Every event of the outbox (audit or not), against every secret handled in this file.
    const everything = JSON.stringify(rows);
    const tokens = [...secrets].flatMap((s) => (s.includes('#') ? [s, s.slice(s.indexOf('#') + 1)] : [s]));
    const leaked = tokens.filter((s) => s.length >= 6 && (/^\d{6}$/.test(s) ? new RegExp(`[":]${s}["},]`).test(everything) : everything.includes(s)));
    expect(secrets.size).toBeGreaterThan(30);
    expect(leaked).toEqual([]);
  });
});
