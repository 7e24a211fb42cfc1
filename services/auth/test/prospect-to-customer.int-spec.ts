// Prospect → customer on cms.registration.created.v1, against real PostgreSQL and the in-process
// bus: the invited prospect signs in, cms reports a registration (delivered twice), the role changes
// once, the old access tokens are revoked through the outbox and the next token says "customer".
import { ACCESS_TOKEN_ISSUER } from '@webinar/http';
import { withTenant } from '@webinar/persistence';
import { verifyJwt } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import { AuthBootstrap } from '../src/bootstrap/auth-bootstrap';
import { type Harness, PUBLIC_ORIGIN, sessionCookieOf, silent, SmtpCatcher, startAuth, tokenOf } from './support/harness';
import { signInWithMfa } from './support/mfa-sign-in';

describe('prospect → customer on a registration', () => {
  let h: Harness;
  let smtp: SmtpCatcher;
  let rootCookie: string;
  const companyId = randomUUID();

  const withCookie = (cookie: string) => ({ cookie: `__Host-session=${cookie}`, origin: PUBLIC_ORIGIN });
  const signIn = async (link: string): Promise<string> => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/auth/links/redeem',
      headers: { origin: PUBLIC_ORIGIN },
      payload: { token: tokenOf(link) },
    });
    expect(response.statusCode).toBe(200);
    return sessionCookieOf(response.headers['set-cookie'])!.value;
  };
  const accessToken = async (cookie: string, audience = 'cms'): Promise<string> => {
    const response = await h.app.inject({ method: 'POST', url: '/auth/token', headers: withCookie(cookie), payload: { audience } });
    expect(response.statusCode).toBe(200);
    return response.json<{ accessToken: string }>().accessToken;
  };
  /** The identity a service would derive from the token, as the revocation set checks it. */
  const claimsOf = async (token: string) => {
    const { payload } = await verifyJwt<{ sid: string; role: string }>(token, h.accessKeys, { typ: 'at+jwt', issuer: ACCESS_TOKEN_ISSUER, audience: 'cms' });
    return { userId: payload.sub!, sessionId: payload.sid, role: payload.role, issuedAt: payload.iat! };
  };
  /** Invites `email` as `role` (root does it) and signs the invitee in; returns the user id and cookie. */
  const inviteAndSignIn = async (email: string, role: 'prospect' | 'admin'): Promise<{ userId: string; cookie: string }> => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/auth/invitations',
      headers: { authorization: `Bearer ${await accessToken(rootCookie, 'auth')}` },
      payload: { invitations: [{ email, companyId, role }] },
    });
    expect(response.statusCode).toBe(200);
    const cookie = await signIn(await smtp.linkFor(email));
    const me = await h.app.inject({ method: 'GET', url: '/auth/session', headers: withCookie(cookie) });
    const user = me.json<{ user: { id: string; role: string } }>().user;
    expect(user.role).toBe(role);
    return { userId: user.id, cookie };
  };
  const registration = (userId: string, company = companyId) => ({
    registrationId: randomUUID(),
    seminarId: randomUUID(),
    companyId: company,
    userId,
    createdAt: new Date().toISOString(),
  });
  const roleOf = async (userId: string): Promise<string | undefined> => {
    const rows = await withTenant(h.db.dataSource, { root: true }, (m) =>
      m.query<{ role: string }[]>('select role from auth.users where id = $1', [userId]),
    );
    return rows[0]?.role;
  };
  const revocationsQueuedFor = async (userId: string): Promise<number> => {
    const rows = await h.db.dataSource.query<{ count: string }[]>(
      `select count(*) from auth.outbox where name = 'auth.user.revoked.v1' and payload->>'userId' = $1`,
      [userId],
    );
    return Number(rows[0]!.count);
  };

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    h = await startAuth({ smtpUrl: smtp.url, rootEmail: 'root@webinar.test' });
    // Inviting is an admin action: root enrols and signs in with password + TOTP first.
    rootCookie = (await signInWithMfa(h.app, await signIn(h.app.get(AuthBootstrap).takeRootLoginLink()!), 'root@webinar.test')).cookie;
    await h.bus.publish('cms.company.created.v1', { companyId, name: 'Acme', createdAt: new Date().toISOString() });
    await h.bus.waitForIdle();
  });

  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  it('makes the prospect a customer once, even when the message is delivered twice, and revokes the old tokens', async () => {
    const { userId, cookie } = await inviteAndSignIn('pat@acme.test', 'prospect');
    const before = await accessToken(cookie);
    expect((await claimsOf(before)).role).toBe('prospect');

    const message = registration(userId);
    const messageId = randomUUID();
    await h.bus.publish('cms.registration.created.v1', message, { id: messageId });
    await h.bus.publish('cms.registration.created.v1', message, { id: messageId });
    await h.bus.waitForIdle();

    expect(h.bus.deadLetters).toHaveLength(0);
    expect(await roleOf(userId)).toBe('customer');
    expect(await revocationsQueuedFor(userId)).toBe(1);
    const inbox = await h.db.dataSource.query<{ consumer: string }[]>('select consumer from auth.inbox where message_id = $1', [messageId]);
    expect(inbox).toEqual([{ consumer: 'auth.registrations' }]);
    const oldIdentity = await claimsOf(before);
    const started = Date.now();
    while (!h.revocations.isRevoked(oldIdentity, oldIdentity.issuedAt) && Date.now() - started < 5000) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(h.revocations.isRevoked(oldIdentity, oldIdentity.issuedAt)).toBe(true);

    // iat has one-second resolution and a token of the revocation's second counts as revoked.
    await new Promise((r) => setTimeout(r, 1100));
    const after = await claimsOf(await accessToken(cookie));
    expect(after.role).toBe('customer');
    expect(h.revocations.isRevoked(after, after.issuedAt)).toBe(false);
  });

  it('never downgrades: an admin stays admin, a customer stays customer, and no revocation is published', async () => {
    const { userId } = await inviteAndSignIn('boss@acme.test', 'admin');
    await h.bus.publish('cms.registration.created.v1', registration(userId));
    await h.bus.waitForIdle();
    expect(await roleOf(userId)).toBe('admin');
    expect(await revocationsQueuedFor(userId)).toBe(0);

    const { userId: customerId } = await inviteAndSignIn('kim@acme.test', 'prospect');
    await h.bus.publish('cms.registration.created.v1', registration(customerId));
    await h.bus.publish('cms.registration.created.v1', registration(customerId));
    await h.bus.waitForIdle();
    expect(await roleOf(customerId)).toBe('customer');
    expect(await revocationsQueuedFor(customerId)).toBe(1);
    expect(h.bus.deadLetters).toHaveLength(0);
  });

  it('acks a registration for an unknown user, or for a user of another company, and changes nothing', async () => {
    const { userId } = await inviteAndSignIn('lee@acme.test', 'prospect');
    await h.bus.publish('cms.registration.created.v1', registration(randomUUID()));
    await h.bus.publish('cms.registration.created.v1', registration(userId, randomUUID()));
    await h.bus.waitForIdle();
    expect(h.bus.deadLetters).toHaveLength(0);
    expect(await roleOf(userId)).toBe('prospect');
    expect(await revocationsQueuedFor(userId)).toBe(0);
    expect(silent.warn).toHaveBeenCalledWith(expect.objectContaining({ userId, outcome: 'unknown-user' }), 'registration for an unknown user ignored');
  });
});
