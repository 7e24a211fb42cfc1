// Time-boxed root (issue #7) against real PostgreSQL and real RabbitMQ: request → another root
// approves or denies; no self-approval; tokens carry `elv` only while an elevation runs and never
// outlive it; expiry removes root rights (auth's own check and the guard's verifier, as cms runs it);
// ending early revokes the elevated tokens through the broker but keeps the session; every step and
// every elevated request is in the audit outbox.
import { ACCESS_TOKEN_ISSUER } from '@webinar/http';
import { DATABASE, type Database } from '@webinar/persistence';
import { AccessTokenVerifier, RevocationSet } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import { AuthBootstrap } from '../src/bootstrap/auth-bootstrap';
import { ElevationSweeper } from '../src/elevation/elevation-sweeper';
import { LinksService } from '../src/links/links.service';
import { asAuthSystem } from '../src/system-tx';
import { UsersService } from '../src/users/users.service';
import { auditEvents, authClient, type RabbitAuth, startAuthOnRabbitMq } from './support/auth-on-rabbitmq';
import { SmtpCatcher } from './support/harness';
import { signInWithMfa } from './support/mfa-sign-in';

jest.setTimeout(60_000);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const claimsOf = (token: string): { exp: number; iat: number; elv: boolean } =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number; iat: number; elv: boolean };

interface ElevationBody {
  id: string;
  status: string;
  endsAt: string | null;
  breakGlass: boolean;
}

describe('root elevation', () => {
  let h: RabbitAuth;
  let smtp: SmtpCatcher;
  let client: ReturnType<typeof authClient>;
  const companyId = randomUUID();
  let rootA: string;
  /** root A's first session, opened by the bootstrap link. */
  let rootALink: string;
  let rootB: string;
  let admin: string;
  let rootAId: string;

  const bearer = async (session: string, audience = 'auth'): Promise<string> => (await client.token(session, audience)).accessToken;
  const requestElevation = async (session: string, durationSeconds: number, reason = 'customer ticket 4711: fix a seminar') =>
    client.call('POST', '/auth/elevations', await bearer(session), { reason, durationSeconds });
  const decide = async (session: string, id: string, decision: 'approve' | 'deny' | 'end') =>
    client.call('POST', `/auth/elevations/${id}/${decision}`, await bearer(session));
  const createCampaign = (token: string) =>
    client.call('POST', '/auth/campaigns', token, {
      companyId,
      seminarId: randomUUID(),
      label: 'Spring webinar',
      expiresAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
    });
  /** Elevation and every other privileged route needs a password + TOTP session: sign in as root does. */
  const strongSession = async (linkSession: string, email: string): Promise<string> => (await signInWithMfa(h.app, linkSession, email)).cookie;
  /** A second root (staff) account: nothing in the API makes one, so the test uses auth's own services. */
  const createRoot = async (email: string): Promise<string> => {
    const database = h.app.get<Database>(DATABASE);
    const url = await asAuthSystem(database, 'test-root', async (manager) => {
      const user = await h.app.get(UsersService).create(manager, { email, companyId: null, role: 'root', status: 'invited' });
      return (await h.app.get(LinksService).issue(manager, user, 'login')).url;
    });
    return strongSession(await client.redeemLink(url), email);
  };

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    h = await startAuthOnRabbitMq({
      smtpUrl: smtp.url,
      rootEmail: 'root-a@webinar.test',
      elevationMaxSeconds: 4 * 3600,
      // The test sweeps by hand; the timer must not race it.
      elevationSweepSeconds: 3600,
    });
    client = authClient(h.app);
    rootALink = await client.redeemLink(h.app.get(AuthBootstrap).takeRootLoginLink()!);
    rootA = await strongSession(rootALink, 'root-a@webinar.test');
    rootAId = (await client.whoAmI(rootA)).json<{ user: { id: string } }>().user.id;
    rootB = await createRoot('root-b@webinar.test');
    await h.bus.publish('cms.company.created.v1', { companyId, name: 'Acme', createdAt: new Date().toISOString() });
    await waitForCompany();
    const invited = await client.call('POST', '/auth/invitations', await bearer(rootA), { invitations: [{ email: 'admin@acme.test', companyId, role: 'admin' }] });
    expect(invited.json()).toMatchObject({ results: [{ status: 'invited' }] });
    admin = await strongSession(await client.redeemLink(await smtp.linkFor('admin@acme.test')), 'admin@acme.test');
  });

  async function waitForCompany(): Promise<void> {
    for (let i = 0; i < 100; i += 1) {
      const rows = await h.db.dataSource.query<unknown[]>('select 1 from auth.companies where id = $1', [companyId]);
      if (rows.length > 0) return;
      await sleep(50);
    }
    throw new Error('auth never learned the company from the broker');
  }

  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  it('lets no admin request elevation, and gives root without one ordinary tokens and no company rights', async () => {
    const refused = await requestElevation(admin, 600);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'AUTH.FORBIDDEN' });
    const token = await client.token(rootA);
    expect(token.elevated).toBe(false);
    expect(claimsOf(token.accessToken).elv).toBe(false);
    const campaign = await createCampaign(token.accessToken);
    expect(campaign.statusCode).toBe(403);
    expect(campaign.json()).toMatchObject({ code: 'AUTH.ELEVATION_REQUIRED' });
  });

  it("refuses a root's link session any elevation step (AUTH.MFA_REQUIRED): request, approve, break-glass", async () => {
    // The guard refuses before any lookup: the id need not exist.
    for (const refused of [
      await requestElevation(rootALink, 600),
      await decide(rootALink, randomUUID(), 'approve'),
      await client.call('POST', '/auth/elevations/break-glass', await bearer(rootALink), { reason: 'customer ticket 4711: fix', durationSeconds: 60, secret: 'x'.repeat(40) }),
    ]) {
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'AUTH.MFA_REQUIRED' });
    }
    expect((await client.call('GET', '/auth/elevations', await bearer(rootA))).json()).toEqual([]);
  });

  it('wants a reason of 10–500 characters without credentials, and a duration within the configured maximum', async () => {
    expect((await requestElevation(rootA, 600, 'too short')).statusCode).toBe(400);
    expect((await requestElevation(rootA, 600, 'x'.repeat(501))).statusCode).toBe(400);
    expect((await requestElevation(rootA, 600, 'pasted from the log: eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln')).statusCode).toBe(400);
    const tooLong = await requestElevation(rootA, 4 * 3600 + 1);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toMatchObject({ code: 'ELEVATION.DURATION_TOO_LONG' });
    expect((await requestElevation(rootA, 9 * 3600)).statusCode).toBe(400);
  });

  it('refuses self-approval; another root approves, and only then the session gets elv tokens that end with the elevation', async () => {
    const requested = await requestElevation(rootA, 600);
    expect(requested.statusCode).toBe(201);
    const { id } = requested.json<ElevationBody>();
    expect(requested.json()).toMatchObject({ status: 'pending', endsAt: null, breakGlass: false });
    expect((await requestElevation(rootA, 600)).json()).toMatchObject({ code: 'ELEVATION.ALREADY_OPEN' });

    const self = await decide(rootA, id, 'approve');
    expect(self.statusCode).toBe(403);
    expect(self.json()).toMatchObject({ code: 'ELEVATION.SELF_APPROVAL' });
    expect((await decide(rootA, id, 'deny')).json()).toMatchObject({ code: 'ELEVATION.SELF_APPROVAL' });
    expect((await client.token(rootA)).elevated).toBe(false);
    expect((await decide(admin, id, 'approve')).statusCode).toBe(403);

    const approved = await decide(rootB, id, 'approve');
    expect(approved.statusCode).toBe(200);
    const endsAt = new Date(approved.json<ElevationBody>().endsAt!);
    expect(approved.json()).toMatchObject({ status: 'approved' });
    expect((await decide(rootB, id, 'approve')).json()).toMatchObject({ code: 'ELEVATION.NOT_OPEN' });

    const token = await client.token(rootA);
    expect(token.elevated).toBe(true);
    expect(claimsOf(token.accessToken)).toMatchObject({ elv: true });
    expect(claimsOf(token.accessToken).exp * 1000).toBeLessThanOrEqual(endsAt.getTime());
    // The approver's own tokens are not elevated by approving.
    expect((await client.token(rootB)).elevated).toBe(false);
    // Another session of the same root does not share the elevation.
    const since = smtp.mails.length;
    expect((await client.call('POST', '/auth/login-links', undefined, { email: 'root-a@webinar.test' })).statusCode).toBe(202);
    const otherSession = await client.redeemLink(await smtp.linkFor('root-a@webinar.test', since));
    expect((await client.whoAmI(otherSession)).json()).toMatchObject({ user: { id: rootAId } });
    expect((await client.token(otherSession)).elevated).toBe(false);
    expect((await createCampaign(token.accessToken)).statusCode).toBe(201);
    expect((await decide(rootA, id, 'end')).json()).toMatchObject({ status: 'ended' });
  });

  it('lets another root deny a request, which elevates nothing', async () => {
    const { id } = (await requestElevation(rootB, 600)).json<ElevationBody>();
    const denied = await decide(rootA, id, 'deny');
    expect(denied.statusCode).toBe(200);
    expect(denied.json()).toMatchObject({ status: 'denied', endsAt: null });
    expect((await client.token(rootB)).elevated).toBe(false);
    expect((await decide(rootA, id, 'approve')).json()).toMatchObject({ code: 'ELEVATION.NOT_OPEN' });
  });

  it('elevation expiry removes root rights', async () => {
    const { id } = (await requestElevation(rootB, 3)).json<ElevationBody>();
    const endsAt = new Date((await decide(rootA, id, 'approve')).json<ElevationBody>().endsAt!);
    const authToken = await client.token(rootB);
    const cmsToken = await client.token(rootB, 'cms');
    expect([authToken.elevated, cmsToken.elevated]).toEqual([true, true]);
    for (const token of [authToken, cmsToken]) expect(claimsOf(token.accessToken).exp * 1000).toBeLessThanOrEqual(endsAt.getTime());
    // cms runs this verifier in its guard and lets root at company data only when `elevated`.
    const cmsGuard = new AccessTokenVerifier({ issuer: ACCESS_TOKEN_ISSUER, audience: 'cms', keys: h.accessKeys, revocations: new RevocationSet() });
    expect((await cmsGuard.verify(cmsToken.accessToken)).elevated).toBe(true);
    expect((await createCampaign(authToken.accessToken)).statusCode).toBe(201);

    while (Date.now() <= endsAt.getTime()) await sleep(endsAt.getTime() - Date.now() + 20);

    // The elevated tokens died with the elevation, without any message.
    expect((await createCampaign(authToken.accessToken)).statusCode).toBe(401);
    await expect(cmsGuard.verify(cmsToken.accessToken)).rejects.toMatchObject({ code: 'TOKEN.EXPIRED' });
    // The session lives on and yields ordinary tokens, which carry no root rights over company data.
    const fresh = await client.token(rootB);
    expect(fresh.elevated).toBe(false);
    const refused = await createCampaign(fresh.accessToken);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'AUTH.ELEVATION_REQUIRED' });
    expect((await cmsGuard.verify((await client.token(rootB, 'cms')).accessToken)).elevated).toBe(false);
    const listed = (await client.call('GET', '/auth/elevations', fresh.accessToken)).json<ElevationBody[]>();
    expect(listed.find((e) => e.id === id)).toMatchObject({ status: 'expired' });

    // Two processes sweeping at once audit the expiry exactly once.
    const sweeper = h.app.get(ElevationSweeper);
    const sweeps = await Promise.all([sweeper.sweep(), sweeper.sweep()]);
    expect(sweeps.reduce((sum, s) => sum + s.expired, 0)).toBe(1);
    expect((await sweeper.sweep()).expired).toBe(0);
    const expired = (await auditEvents(h.db, 'auth.elevation.expired')).filter((e) => e.subject === id);
    expect(expired).toEqual([expect.objectContaining({ actorId: null, companyId: null, details: expect.objectContaining({ endedAt: endsAt.toISOString() }) })]);
  });

  it('ending early revokes the elevated tokens everywhere within 5 s through RabbitMQ, and keeps the session', async () => {
    const { id } = (await requestElevation(rootA, 600)).json<ElevationBody>();
    const ordinaryBefore = await client.token(rootA);
    expect(ordinaryBefore.elevated).toBe(false);
    await decide(rootB, id, 'approve');
    const elevated = await client.token(rootA);
    expect(elevated.elevated).toBe(true);
    expect((await client.call('GET', '/auth/campaigns', elevated.accessToken)).statusCode).toBe(200);

    const ended = await decide(rootA, id, 'end');
    expect(ended.statusCode).toBe(200);
    expect(ended.json()).toMatchObject({ status: 'ended' });
    const sessionId = (await client.whoAmI(rootA)).json<{ session: { id: string } }>().session.id;
    const identity = { userId: rootAId, sessionId, elevated: true };
    const issuedAt = claimsOf(elevated.accessToken).iat;
    const deadline = Date.now() + 5000;
    while (!h.revocations.isRevoked(identity, issuedAt) && Date.now() < deadline) await sleep(50);
    expect(h.revocations.isRevoked(identity, issuedAt)).toBe(true);
    expect((await client.call('GET', '/auth/campaigns', elevated.accessToken)).statusCode).toBe(401);

    // Not a logout: the cookie still works, the ordinary token from before the elevation still
    // works, and a new token — even from the same second — is accepted, unelevated.
    expect((await client.whoAmI(rootA)).statusCode).toBe(200);
    expect(h.revocations.isRevoked({ ...identity, elevated: false }, issuedAt)).toBe(false);
    expect((await client.call('GET', '/auth/elevations', ordinaryBefore.accessToken)).statusCode).toBe(200);
    const after = await client.token(rootA);
    expect(after.elevated).toBe(false);
    const campaigns = await client.call('GET', '/auth/campaigns', after.accessToken);
    expect(campaigns.statusCode).toBe(403);
    expect(campaigns.json()).toMatchObject({ code: 'AUTH.ELEVATION_REQUIRED' });
    expect((await decide(rootA, id, 'end')).json()).toMatchObject({ code: 'ELEVATION.NOT_OPEN' });
    expect((await decide(rootB, id, 'end')).statusCode).toBe(404);
    // iat has one-second resolution: an elevated token of this session from the same second as the
    // end counts as revoked. A person cannot get a new elevation approved that fast; the next test can.
    await sleep(1000 - (Date.now() % 1000) + 10);
  });

  it('audits every request made while elevated, refused ones too, and none made without elevation', async () => {
    const { id } = (await requestElevation(rootA, 600)).json<ElevationBody>();
    await decide(rootB, id, 'approve');
    const sessionId = (await client.whoAmI(rootA)).json<{ session: { id: string } }>().session.id;
    const elevated = await bearer(rootA);
    expect((await client.call('GET', '/auth/campaigns', elevated)).statusCode).toBe(200);
    expect((await client.call('POST', '/auth/invitations', elevated, { invitations: [] })).statusCode).toBe(400);
    expect((await client.call('POST', `/auth/users/${randomUUID()}/disable`, elevated)).statusCode).toBe(404);
    const before = (await auditEvents(h.db, 'auth.elevated-request')).length;
    expect((await client.call('GET', '/auth/campaigns', await bearer(rootB))).statusCode).toBe(403);

    const records = await auditEvents(h.db, 'auth.elevated-request');
    expect(records).toHaveLength(before);
    expect(records.filter((r) => r.actorId === rootAId).map((r) => ({ subject: r.subject, details: r.details }))).toEqual(
      expect.arrayContaining([
        { subject: 'GET /auth/campaigns', details: { sessionId, outcome: 'ok' } },
        { subject: 'POST /auth/invitations', details: { sessionId, outcome: 'failed', status: 400, code: 'REQUEST.INVALID' } },
        { subject: 'POST /auth/users/:id/disable', details: { sessionId, outcome: 'failed', status: 404, code: 'USER.NOT_FOUND' } },
      ]),
    );
    expect(JSON.stringify(records)).not.toContain(elevated);
    await decide(rootA, id, 'end');
  });

  it('records request, approval, denial and ending in the audit outbox, on the platform chain', async () => {
    const actions = (await auditEvents(h.db)).filter((e) => e.action.startsWith('auth.elevation.'));
    const count = (action: string): number => actions.filter((e) => e.action === action).length;
    expect(count('auth.elevation.requested')).toBeGreaterThanOrEqual(5);
    expect(count('auth.elevation.approved')).toBeGreaterThanOrEqual(4);
    expect(count('auth.elevation.denied')).toBe(1);
    expect(count('auth.elevation.ended')).toBeGreaterThanOrEqual(3);
    expect(actions.every((e) => e.companyId === null)).toBe(true);
    expect(actions.find((e) => e.action === 'auth.elevation.requested')).toMatchObject({
      actorId: rootAId,
      details: { reason: 'customer ticket 4711: fix a seminar', durationSeconds: 600 },
    });
  });
});
