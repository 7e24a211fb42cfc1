// The standalone mailbox (no SMTP_URL) is no way around the rules (issue 13, item 2), against real
// PostgreSQL: the mails carry working links, so the API only summarises them (recipient, subject,
// time, link state) and only for an elevated root, audited; neither root (elevated or not) nor an
// admin obtains another person's working link through any auth route, while the person's own link —
// read from the file under DATA_DIR, as the machine's operator would — still works.
import { listRoutes } from '@webinar/http';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AuthBootstrap } from '../src/bootstrap/auth-bootstrap';
import { auditEvents, authClient } from './support/auth-on-rabbitmq';
import { type Harness, PUBLIC_ORIGIN, startAuth } from './support/harness';
import { signInWithMfa } from './support/mfa-sign-in';

jest.setTimeout(120_000);

interface StoredMailFile {
  to: string;
  subject: string;
  text: string;
}

const LINK = /https:\/\/[^\s"]+\/auth\/link#[\w.-]+/;

describe('the standalone mailbox', () => {
  let h: Harness;
  let client: ReturnType<typeof authClient>;
  const companyId = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  let secretFile: string;
  let rootLinkSession: string;
  let root: string;
  let admin: string;
  const victim = 'victim@acme.test';

  /** The newest mail to `to` in the mailbox folder: how the machine's operator reads it. */
  const newestMailFile = (to: string): StoredMailFile | undefined => {
    const dir = join(h.dataDir, 'mailbox');
    for (const name of readdirSync(dir).sort().reverse()) {
      const mail = JSON.parse(readFileSync(join(dir, name), 'utf8')) as StoredMailFile;
      if (mail.to === to) return mail;
    }
    return undefined;
  };
  const linkIn = (mail: StoredMailFile | undefined): string => {
    const link = mail?.text.match(LINK)?.[0];
    if (!link) throw new Error('no link in the mail');
    return link;
  };
  const bearer = async (session: string): Promise<string> => (await client.token(session)).accessToken;
  const mailbox = async (token: string) => client.call('GET', '/auth/mailbox', token);

  beforeAll(async () => {
    // The single root of a trial machine elevates with the operator's break-glass secret.
    secretFile = join(mkdtempSync(join(tmpdir(), 'mailbox-')), 'break-glass-secret');
    writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
    h = await startAuth({
      rootEmail: 'root@webinar.test',
      breakGlassSecretFile: secretFile,
      breakGlassMaxSeconds: 900,
      elevationSweepSeconds: 3600,
    });
    client = authClient(h.app);
    await h.bus.publish('cms.company.created.v1', { companyId, name: 'Acme', createdAt: new Date().toISOString() });
    await h.bus.waitForIdle();
    rootLinkSession = await client.redeemLink(h.app.get(AuthBootstrap).takeRootLoginLink()!);
    root = (await signInWithMfa(h.app, rootLinkSession, 'root@webinar.test')).cookie;

    const invited = await client.call('POST', '/auth/invitations', await bearer(root), {
      invitations: [{ email: 'admin@acme.test', companyId, role: 'admin' }],
    });
    expect(invited.json()).toEqual({ results: [expect.objectContaining({ status: 'invited' })] });
    const adminLinkSession = await client.redeemLink(linkIn(newestMailFile('admin@acme.test')));
    admin = (await signInWithMfa(h.app, adminLinkSession, 'admin@acme.test')).cookie;

    const prospect = await client.call('POST', '/auth/invitations', await bearer(admin), {
      invitations: [{ email: victim, companyId, role: 'prospect' }],
    });
    expect(prospect.json()).toEqual({ results: [expect.objectContaining({ status: 'invited' })] });
  });

  afterAll(async () => {
    await h?.close();
    rmSync(dirname(secretFile), { recursive: true, force: true });
  });

  it('refuses root without elevation (and its link session), and admins, any summary', async () => {
    const notElevated = await mailbox(await bearer(root));
    expect(notElevated.statusCode).toBe(403);
    expect(notElevated.json()).toMatchObject({ code: 'AUTH.ELEVATION_REQUIRED' });
    const linkSession = await mailbox(await bearer(rootLinkSession));
    expect(linkSession.statusCode).toBe(403);
    expect(linkSession.json()).toMatchObject({ code: 'AUTH.MFA_REQUIRED' });
    const byAdmin = await mailbox(await bearer(admin));
    expect(byAdmin.statusCode).toBe(403);
    expect(byAdmin.json()).toMatchObject({ code: 'AUTH.FORBIDDEN' });
    for (const refused of [notElevated, linkSession, byAdmin]) expect(refused.body).not.toMatch(LINK);
  });

  it('shows an elevated root recipient, subject, time and link state only, and audits the read', async () => {
    const granted = await client.call('POST', '/auth/elevations/break-glass', await bearer(root), {
      reason: 'incident 21: checking a lost invitation',
      durationSeconds: 600,
      secret,
    });
    expect(granted.statusCode).toBe(201);
    const elevated = await client.token(root);
    expect(elevated.elevated).toBe(true);

    const response = await mailbox(elevated.accessToken);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json<{ smtp: boolean; messages: Record<string, unknown>[] }>();
    expect(body.smtp).toBe(false);
    expect(body.messages.length).toBeGreaterThanOrEqual(2);
    for (const message of body.messages) expect(Object.keys(message).sort()).toEqual(['at', 'id', 'state', 'subject', 'to']);
    expect(body.messages).toContainEqual(
      expect.objectContaining({ to: victim, subject: 'You are invited to Webinar', state: 'link-pending' }),
    );
    expect(response.body).not.toMatch(LINK);
    expect(response.body).not.toContain(linkIn(newestMailFile(victim)).split('#')[1]!);

    const audited = await auditEvents(h.db, 'auth.elevated-request');
    expect(audited).toContainEqual(expect.objectContaining({ subject: 'GET /auth/mailbox', details: expect.objectContaining({ outcome: 'ok' }) }));
  });

  it("gives neither root (elevated or not) nor an admin the victim's working link on any auth route, and the link works", async () => {
    const rootElevated = (await client.token(root)).accessToken;
    const rootPlain = await bearer(rootLinkSession);
    const adminToken = await bearer(admin);
    // Routes that end the callers' own sessions or elevation would only cut the sweep short.
    const selfEnding = /\/(logout|end|disable|revoke)$|\/sessions\/:id$/;
    const routes = listRoutes(h.app).filter((r) => r.path.startsWith('/auth/') && !selfEnding.test(r.path));
    expect(routes.length).toBeGreaterThan(20);
    const payloads = [{}, { email: victim }, { invitations: [{ email: victim, companyId, role: 'prospect' }] }];
    const answers: string[] = [];
    for (const route of routes) {
      const url = route.path.replace(/:\w+/g, randomUUID());
      const method = route.method as 'GET' | 'POST' | 'DELETE';
      for (const credentials of [
        { authorization: `Bearer ${rootElevated}` },
        { authorization: `Bearer ${rootPlain}` },
        { authorization: `Bearer ${adminToken}` },
        { cookie: `__Host-session=${root}`, origin: PUBLIC_ORIGIN },
        { cookie: `__Host-session=${admin}`, origin: PUBLIC_ORIGIN },
      ]) {
        for (const payload of method === 'GET' ? [undefined] : payloads) {
          const response = await h.app.inject({
            method,
            url,
            headers: credentials,
            remoteAddress: client.nextAddress(),
            ...(payload === undefined ? {} : { payload }),
          });
          expect(response.statusCode).toBeLessThan(500);
          answers.push(`${method} ${url} ${response.statusCode} ${response.body}`);
        }
      }
    }
    // The sweep asked for new login links and invitations: whatever the newest one is, it is in the
    // file and nowhere in any answer, and it works (so the search looked for a live link).
    const newest = linkIn(newestMailFile(victim));
    const token = newest.split('#')[1]!;
    for (const answer of answers) {
      expect(answer).not.toMatch(LINK);
      expect(answer).not.toContain(token);
    }
    const redeemed = await h.app.inject({
      method: 'POST',
      url: '/auth/links/redeem',
      headers: { origin: PUBLIC_ORIGIN },
      payload: { token },
      remoteAddress: client.nextAddress(),
    });
    expect(redeemed.statusCode).toBe(200);
    expect(redeemed.json()).toMatchObject({ user: { role: 'prospect', companyId } });
  });
});
