// Brute force against password login and the password-confirmed routes, against real PostgreSQL:
// the per-account backoff engages (429 AUTH.LOGIN_BACKOFF + Retry-After) and refuses even the right
// password while it lasts; 200 guesses fired in parallel from 200 addresses get no session and reach
// argon2 only three times; an unknown address backs off exactly like a known one; the per-address
// rate limit still applies on top.
//
// The backoff's first wait is 60 s here (1 s by default): the schedule is the same, and no outcome
// depends on how fast this machine answers. Waiting a backoff out is simulated in the database.
import { withTenant } from '@webinar/persistence';
import { randomUUID } from 'node:crypto';
import { LoginBackoffs } from '../src/credentials/login-backoff';
import { EmailProtector } from '../src/users/email-protector';
import { CredentialsWorld, type Enrolled, withCookie } from './credentials-support';
import { type Harness, SmtpCatcher, startAuth } from './support/harness';

describe('credentials: brute force', () => {
  let h: Harness;
  let smtp: SmtpCatcher;
  let world: CredentialsWorld;

  const backoffOf = async (email: string) => {
    const index = h.app.get(EmailProtector).index(email);
    const rows = await withTenant(h.db.dataSource, { root: true }, (m) =>
      m.query<{ failures: number; wait: number }[]>(
        `SELECT failures, extract(epoch FROM next_attempt_at - now())::float AS wait FROM auth.login_backoff WHERE email_index = $1`,
        [index],
      ),
    );
    return rows[0];
  };
  /** What waiting out the backoff would do, without a test that sleeps. */
  const waitOut = (email: string) =>
    h.db.dataSource.query(`UPDATE auth.login_backoff SET next_attempt_at = now() WHERE email_index = $1`, [h.app.get(EmailProtector).index(email)]);
  const guess = (user: Pick<Enrolled, 'email'>, n: number) => ({ email: user.email, password: `guess ${n} ${randomUUID()}`, totp: String(n % 1_000_000).padStart(6, '0') });

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    // A small per-address budget so the address limit can be shown too; other tests use fresh addresses.
    h = await startAuth({ smtpUrl: smtp.url, rootEmail: 'root@brute.test', rateLimitPerAddress: 10, passwordBackoffBaseSeconds: 60 });
    world = new CredentialsWorld(h, smtp);
    await world.init();
  });

  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  it('backs off after three failures: 429 with a stable code and Retry-After, and the right password is not even checked', async () => {
    const user = await world.enrolled();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await world.login(guess(user, i))).statusCode);
    expect(statuses).toEqual([401, 401, 401]);

    const right = await world.login({ email: user.email, password: user.password, totp: await world.nextCode(user) });
    expect({ status: right.statusCode, body: right.json(), cookie: right.headers['set-cookie'] }).toEqual({
      status: 429,
      body: { code: 'AUTH.LOGIN_BACKOFF', message: expect.any(String) },
      cookie: undefined,
    });
    expect(Number(right.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(right.headers['retry-after'])).toBeLessThanOrEqual(60);
    // The refused attempt did not count (nor reach argon2): still three failures.
    expect(await backoffOf(user.email)).toMatchObject({ failures: 3 });

    // Once the wait is over, the right credentials work and the record is cleared.
    await waitOut(user.email);
    const after = await world.login({ email: user.email, password: user.password, totp: await world.nextCode(user) });
    expect(after.statusCode).toBe(200);
    expect(await backoffOf(user.email)).toBeUndefined();
  });

  it('doubles the wait with each further failure', async () => {
    const user = await world.enrolled();
    const waits: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      await waitOut(user.email);
      expect((await world.login(guess(user, i))).statusCode).toBe(401);
      waits.push(Math.max(0, Math.round((await backoffOf(user.email))!.wait)));
    }
    expect(waits).toEqual([0, 0, 60, 120, 240, 480]);
  });

  it('200 guesses in parallel from 200 addresses: no session, three argon2 checks, the rest refused by the backoff', async () => {
    const user = await world.enrolled();
    const responses: { statusCode: number; headers: Record<string, unknown> }[] = [];
    for (let batch = 0; batch < 10; batch += 1) {
      responses.push(...(await Promise.all(Array.from({ length: 20 }, (_, i) => world.login(guess(user, batch * 20 + i))))));
    }
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses).toHaveLength(200);
    expect(statuses.filter((s) => s === 200)).toEqual([]);
    // The claim is one atomic statement: exactly three attempts got past it, however parallel.
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(197);
    expect(await backoffOf(user.email)).toMatchObject({ failures: 3 });
    const sessions = await withTenant(h.db.dataSource, { root: true }, (m) =>
      m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM auth.sessions WHERE user_id = $1`, [user.userId]),
    );
    expect(sessions[0]!.n).toBe(1); // only the invitation link's session
  });

  it('backs off an unknown address exactly like a known one (no enumeration through 429)', async () => {
    const known = await world.enrolled();
    const unknown = { email: `nobody-${randomUUID()}@brute.test` };
    const run = async (who: { email: string }) => {
      const answers: string[] = [];
      for (let i = 0; i < 4; i += 1) {
        const response = await world.login(guess(who, i));
        answers.push(`${response.statusCode} ${response.json<{ code: string }>().code} ${response.headers['retry-after'] === undefined ? '-' : 'retry'}`);
      }
      return answers;
    };
    const expected = ['401 AUTH.LOGIN_FAILED -', '401 AUTH.LOGIN_FAILED -', '401 AUTH.LOGIN_FAILED -', '429 AUTH.LOGIN_BACKOFF retry'];
    expect(await run(known)).toEqual(expected);
    expect(await run(unknown)).toEqual(expected);
  });

  it('guessing the TOTP code with the right password backs off the same way', async () => {
    const user = await world.enrolled();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await world.login({ email: user.email, password: user.password, totp: String(i).padStart(6, '7') })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('backs off guessing of the current password when changing it or enrolling an authenticator', async () => {
    const user = await world.enrolled();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await world.post('/auth/credentials/password/change', user.cookie, { currentPassword: `wrong guess ${i}`, newPassword: 'a brand new lantern by the sea' });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    expect(statuses).toEqual([403, 403, 403, 429]);
    const totp = await world.post('/auth/credentials/totp', user.cookie, { password: user.password });
    expect({ status: totp.statusCode, code: totp.json<{ code: string }>().code }).toEqual({ status: 429, code: 'AUTH.LOGIN_BACKOFF' });
  });

  it('keeps the backoff in the database, so another process sees it', async () => {
    const user = await world.enrolled();
    for (let i = 0; i < 3; i += 1) await world.login(guess(user, i));
    // A LoginBackoffs that shares nothing with the app but the database: as a second replica would.
    const elsewhere = new LoginBackoffs(h.db, { passwordBackoffBaseSeconds: 60 });
    const claim = await elsewhere.claim(h.app.get(EmailProtector).index(user.email));
    expect(claim).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
  });

  it('keeps the per-address rate limit on top: one address spraying many accounts gets RATE.LIMITED', async () => {
    const attacker = '192.0.2.77';
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await world.login(guess({ email: `spray-${i}@brute.test` }, i), attacker)).statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    const limited = await world.login(guess({ email: 'spray-x@brute.test' }, 0), attacker);
    expect(limited.json()).toMatchObject({ code: 'RATE.LIMITED' });
    // A session cookie route is not affected by the login's budget.
    expect((await h.app.inject({ method: 'GET', url: '/auth/credentials', headers: withCookie(world.rootCookie) })).statusCode).toBe(200);
  });
});
