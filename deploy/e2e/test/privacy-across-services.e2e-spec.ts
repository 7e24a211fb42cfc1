// GDPR across services, with auth, cms and polls as separate processes on the real PostgreSQL and
// RabbitMQ: an invited person fills in their profile at cms, exports everything held about them
// (cms gathers auth's and polls' parts over the bus, each encrypted to the export's key) and then asks
// to be erased — cms shreds their key, auth disables the account, revokes its sessions and frees the
// address, polls acknowledges, and cms closes the request with an audit entry that names nobody.
// Throughout, no outbox or inbox row of any service holds the address or the name in the clear.
import {
  createTestDatabase,
  stopAllProcesses,
  testAmqpUrl,
  testDatabaseUrl,
  waitFor,
  type TestDatabase,
} from '@webinar/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { launch, type RunningService, type ServiceLaunch, signInWithMfa } from './topology';

jest.setTimeout(180_000);

const PUBLIC_URL = 'https://webinar.test';
const sameOrigin = { origin: PUBLIC_URL, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };

describe('privacy across services', () => {
  let database: TestDatabase | undefined;
  let work: string;
  let auth: RunningService;
  let cms: RunningService;
  let polls: RunningService;

  const email = `frida.${randomUUID().slice(0, 8)}@example.test`;
  const displayName = `Frida Exportova ${randomUUID().slice(0, 8)}`;
  let companyId: string;
  let userId: string;
  let cookie: string;
  let cmsToken: string;
  let rootAuthToken: string;

  const logs = (): string =>
    [auth, cms, polls].map((s, i) => `--- ${['auth', 'cms', 'polls'][i]} ---\n${s?.process.output().slice(-3000) ?? ''}`).join('\n');

  const sql = async <T>(query: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: database!.url });
    await client.connect();
    try {
      return (await client.query(query, params)).rows as T[];
    } finally {
      await client.end();
    }
  };

  /** Every outbox and inbox row of every service, as the text of the whole row. */
  const messageRows = async (): Promise<{ table: string; text: string }[]> => {
    const rows: { table: string; text: string }[] = [];
    for (const schema of ['auth', 'cms', 'polls']) {
      for (const table of ['outbox', 'inbox']) {
        const texts = await sql<{ text: string }>(`select r::text as text from "${schema}"."${table}" r`);
        rows.push(...texts.map((r) => ({ table: `${schema}.${table}`, text: r.text })));
      }
    }
    return rows;
  };

  const post = (url: string, body: unknown, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  const redeem = async (linkToken: string): Promise<string> => {
    const redeemed = await post(`${auth.url}/auth/links/redeem`, { token: linkToken }, sameOrigin);
    expect(redeemed.status).toBe(200);
    return (redeemed.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  };
  const tokenFor = async (sessionCookie: string, audience: string): Promise<Response> =>
    post(`${auth.url}/auth/token`, { audience }, { ...sameOrigin, cookie: sessionCookie });

  /** The invitation link in auth's mailbox folder (no SMTP configured) for `to`, newest first. */
  const invitationLinkFor = (to: string): Promise<string> =>
    waitFor(
      `an invitation mail to ${to}`,
      async () => {
        const dir = join(work, 'auth', 'mailbox');
        let names: string[];
        try {
          names = readdirSync(dir).sort().reverse();
        } catch {
          return undefined; // no mail yet: the folder appears with the first one
        }
        for (const name of names) {
          const mail = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { to: string; text: string };
          const link = mail.to === to ? mail.text.match(/https:\/\/\S+\/auth\/link#(\S+)/)?.[1] : undefined;
          if (link) return link;
        }
        return undefined;
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );

  beforeAll(async () => {
    const adminUrl = await testDatabaseUrl();
    const amqpUrl = await testAmqpUrl();
    if (!adminUrl || !amqpUrl) return;
    database = await createTestDatabase(adminUrl, 'e2eprivacy');
    work = mkdtempSync(join(tmpdir(), 'e2e-privacy-'));
    auth = await launch({ name: 'auth', dataDir: join(work, 'auth'), databaseUrl: database.url, amqpUrl });
    const jwks = { AUTH_JWKS_URL: `${auth.url}/auth/.well-known/jwks.json` };
    cms = await launch({ name: 'cms', dataDir: join(work, 'cms'), databaseUrl: database.url, amqpUrl, extraEnv: jwks });
    // topology's launch names auth and cms; polls starts the same way (services/polls/dist/main.js).
    polls = await launch({ name: 'polls', dataDir: join(work, 'polls'), databaseUrl: database.url, amqpUrl, extraEnv: jwks } as unknown as ServiceLaunch);
  });

  afterAll(async () => {
    await stopAllProcesses();
    await database?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('exports everything held about a person across services, with no plaintext in any outbox or inbox', async () => {
    if (!database) {
      console.warn('PostgreSQL or RabbitMQ is not available; skipped');
      return;
    }
    // Root signs in, creates the company at cms and invites the person at auth.
    const rootLinkCookie = await redeem(readFileSync(join(work, 'auth', 'root-login-link'), 'utf8').trim().split('#')[1] ?? '');
    // Creating a company and inviting are privileged: root enrols and signs in with password + TOTP.
    const rootCookie = await signInWithMfa(async (path, body, withCookie) => {
      const answer = await post(`${auth.url}${path}`, body, { ...sameOrigin, ...(withCookie ? { cookie: withCookie } : {}) });
      return { status: answer.status, setCookie: answer.headers.get('set-cookie') ?? undefined, text: await answer.text() };
    }, rootLinkCookie);
    const rootCms = ((await (await tokenFor(rootCookie, 'cms')).json()) as { accessToken: string }).accessToken;
    rootAuthToken = ((await (await tokenFor(rootCookie, 'auth')).json()) as { accessToken: string }).accessToken;
    const company = await post(`${cms.url}/cms/companies`, { name: `Privacy ${randomUUID()}` }, bearer(rootCms));
    expect(company.status).toBe(201);
    companyId = ((await company.json()) as { id: string }).id;
    userId = await inviteUntilKnown(email);

    cookie = await redeem(await invitationLinkFor(email));
    cmsToken = ((await (await tokenFor(cookie, 'cms')).json()) as { accessToken: string }).accessToken;
    const profile = await fetch(`${cms.url}/cms/me`, {
      method: 'PATCH',
      headers: { ...bearer(cmsToken), 'content-type': 'application/json' },
      body: JSON.stringify({ displayName, organisation: 'Exportova Labs', email }),
    });
    expect(profile.status).toBe(200);

    const started = await fetch(`${cms.url}/cms/me/export`, { method: 'POST', headers: bearer(cmsToken) });
    expect(started.status).toBe(202);
    const { id: exportId } = (await started.json()) as { id: string };
    const download = await waitFor(
      'the export to be complete',
      async () => {
        const response = await fetch(`${cms.url}/cms/me/exports/${exportId}`, { headers: bearer(cmsToken) });
        return response.headers.get('content-disposition') ? response : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200, context: logs },
    );
    expect(download.status).toBe(200);
    expect(download.headers.get('cache-control')).toBe('no-store');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="personal-data-${exportId}.json"`);
    const document = (await download.json()) as {
      services: { auth: { account: Record<string, unknown>; sessions: unknown[] }; cms: { profile: Record<string, unknown> }; polls: unknown };
    };
    expect(document.services.auth.account).toMatchObject({ id: userId, email, role: 'prospect', status: 'active', companyId });
    expect(document.services.auth.sessions.length).toBeGreaterThanOrEqual(1);
    expect(document.services.cms.profile).toMatchObject({ displayName, organisation: 'Exportova Labs', email });
    // polls holds only the shown name this person never set (null); features add their parts as they land.
    expect(document.services.polls).toEqual({ shownName: null });

    // The parts crossed the bus: auth's and polls' outboxes and cms's inbox have the rows, none in the clear.
    const rows = await messageRows();
    expect(rows.filter((r) => r.table === 'auth.outbox' && r.text.includes('privacy.export.part.v1'))).toHaveLength(1);
    expect(rows.filter((r) => r.table === 'polls.outbox' && r.text.includes('privacy.export.part.v1'))).toHaveLength(1);
    expect(rows.filter((r) => [email, displayName, 'Exportova Labs'].some((s) => r.text.toLowerCase().includes(s.toLowerCase())))).toEqual([]);
  });

  it('erases the person everywhere: key shredded, account disabled, sessions refused, address free, audit without personal data', async () => {
    if (!database) return;
    const erased = await post(`${cms.url}/cms/me/erasure`, { confirm: 'erase my personal data' }, bearer(cmsToken));
    expect(erased.status).toBe(202);
    const { requestId } = (await erased.json()) as { requestId: string };

    await waitFor(
      'every service to complete the erasure',
      async () => ((await sql(`select 1 from cms.privacy_erasures where id = $1 and completed_at is not null`, [requestId])).length === 1 ? true : undefined),
      { timeoutMs: 20_000, intervalMs: 200, context: logs },
    );
    const [erasure] = await sql<{ outcomes: Record<string, string> }>(`select outcomes from cms.privacy_erasures where id = $1`, [requestId]);
    expect(erasure!.outcomes).toEqual({ cms: 'erased', auth: 'erased', polls: 'nothing-held' });

    // cms: the profile and the key salt are gone.
    expect(await sql(`select 1 from cms.people where user_id = $1`, [userId])).toEqual([]);
    expect(await sql(`select 1 from cms.person_keys where user_id = $1`, [userId])).toEqual([]);
    // auth: disabled, address replaced by a marker no lookup matches; the session is refused.
    const [account] = await sql<{ status: string; email_index: string }>(`select status, email_index from auth.users where id = $1`, [userId]);
    expect(account).toEqual({ status: 'disabled', email_index: `erased:${userId}` });
    expect((await fetch(`${auth.url}/auth/session`, { headers: { cookie } })).status).toBe(401);
    expect((await tokenFor(cookie, 'cms')).status).toBe(401);
    await waitFor(
      'cms to refuse the erased person\'s access token',
      async () => ((await fetch(`${cms.url}/cms/me`, { headers: bearer(cmsToken) })).status === 401 ? true : undefined),
      { timeoutMs: 10_000, intervalMs: 200, context: logs },
    );

    // The audit entries name the request only.
    const audit = await sql<{ action: string; actor_id: string | null; text: string }>(
      `select action, actor_id, a::text as text from cms.audit_log a where subject = $1 order by seq`,
      [`privacy-erasure:${requestId}`],
    );
    expect(audit.map((a) => a.action)).toEqual(['cms.personal-data.erasure-requested', 'cms.personal-data.erased']);
    for (const entry of audit) {
      expect(entry.actor_id).toBeNull();
      for (const personal of [userId, email, displayName]) expect(entry.text).not.toContain(personal);
    }
    const rows = await messageRows();
    expect(rows.filter((r) => [email, displayName].some((s) => r.text.toLowerCase().includes(s.toLowerCase())))).toEqual([]);

    // The address can be invited again, as a new person.
    const again = await inviteUntilKnown(email);
    expect(again).not.toBe(userId);
  });

  /** Invites `to` as a prospect; retries while auth has not yet learned the company from cms. */
  async function inviteUntilKnown(to: string): Promise<string> {
    return waitFor(
      `auth to invite ${to}`,
      async () => {
        const response = await post(`${auth.url}/auth/invitations`, { invitations: [{ email: to, companyId, role: 'prospect' }] }, bearer(rootAuthToken));
        if (response.status !== 200) throw new Error(`invitation answered ${response.status}: ${await response.text()}`);
        const { results } = (await response.json()) as { results: { status: string; userId?: string; code?: string }[] };
        if (results[0]?.status === 'invited') return results[0].userId;
        if (results[0]?.code === 'INVITATION.UNKNOWN_COMPANY') return undefined;
        throw new Error(`invitation refused: ${results[0]?.code ?? 'no result'}`);
      },
      { timeoutMs: 10_000, intervalMs: 200, context: logs },
    );
  }
});
