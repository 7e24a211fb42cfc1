// The admin side of the attendee journey, done over the standalone's real HTTP API with access tokens
// the test signs itself from the standalone's access key set (<DATA_DIR>/keys/access.json): root
// creates the company; the company's admin invites the attendee, creates and schedules the seminar
// and makes a presenter; the presenter gets a real stream key. The raw claims are signed with
// signJwt (not issueAccessToken), `mfa: true` included, so the set-up does not depend on how auth
// opens password + TOTP sessions: privileged cms and auth routes demand that claim.
import { ACCESS_TOKEN_ISSUER } from '@webinar/http';
import { loadOrCreateKeySet, signJwt, TOKEN_TYPES } from '@webinar/security';
import { waitFor } from '@webinar/testing';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';

export interface Caller {
  userId: string;
  companyId: string | null;
  role: 'root' | 'admin' | 'prospect' | 'customer';
  elevated?: boolean;
}

/** An access token as auth would sign it for a password + TOTP session (`mfa`), for `audience`. */
export async function accessToken(dataDir: string, caller: Caller, audience: 'auth' | 'cms'): Promise<string> {
  const keys = await loadOrCreateKeySet({ dir: join(dataDir, 'keys'), name: 'access', use: 'sig' });
  return signJwt(
    keys,
    { sid: randomUUID(), cid: caller.companyId, role: caller.role, elv: caller.elevated ?? false, mfa: true },
    { typ: TOKEN_TYPES.access, issuer: ACCESS_TOKEN_ISSUER, audience, subject: caller.userId, expiresInSeconds: 300, jti: randomUUID() },
  );
}

export interface JsonAnswer {
  status: number;
  body: unknown;
}

/** A JSON request to the standalone's web origin, trusting only its own certificate. */
export function callApi(origin: string, ca: Buffer, method: string, path: string, bearer: string, body?: unknown): Promise<JsonAnswer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${origin}${path}`,
      {
        method,
        ca,
        agent: false,
        headers: {
          authorization: `Bearer ${bearer}`,
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : undefined });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The call's body when it answered `status`; otherwise the test fails with what it got. */
export async function expectStatus<T>(answer: Promise<JsonAnswer>, status: number, what: string): Promise<T> {
  const got = await answer;
  if (got.status !== status) throw new Error(`${what}: expected ${status}, got ${got.status} ${JSON.stringify(got.body)}`);
  return got.body as T;
}

export interface PreparedSeminar {
  companyId: string;
  seminarId: string;
  /** The company admin's cms token (5 minutes), for changing settings during the test. */
  adminToken: string;
  /** `rtmps://…/live/<seminarId>?key=<jwt>`: what OBS would be given. */
  publishUrl: string;
}

/**
 * Company, attendee invitation, seminar (starting in 5 minutes, so playback is open and
 * registration too), presenter grant and stream key, all through the real routes.
 */
export async function prepareSeminar(opts: {
  origin: string;
  ca: Buffer;
  dataDir: string;
  attendeeEmail: string;
  /** Company names are unique: a test preparing several seminars names each company. */
  companyName?: string;
}): Promise<PreparedSeminar> {
  const { origin, ca, dataDir } = opts;
  const root = await accessToken(dataDir, { userId: randomUUID(), companyId: null, role: 'root', elevated: true }, 'cms');
  const company = await expectStatus<{ id: string }>(callApi(origin, ca, 'POST', '/cms/companies', root, { name: opts.companyName ?? 'Attendee journey' }), 201, 'create company');
  const admin = { userId: randomUUID(), companyId: company.id, role: 'admin' as const };
  const adminCms = await accessToken(dataDir, admin, 'cms');
  const adminAuth = await accessToken(dataDir, admin, 'auth');

  // auth learns the company from cms's event; until then the invitation answers UNKNOWN_COMPANY.
  await waitFor(
    'auth to invite into the new company',
    async () => {
      const { results } = await expectStatus<{ results: Array<{ status: string; code?: string }> }>(
        callApi(origin, ca, 'POST', '/auth/invitations', adminAuth, { invitations: [{ email: opts.attendeeEmail }] }),
        200,
        'invite the attendee',
      );
      if (results[0]?.status === 'invited') return true;
      if (results[0]?.code !== 'INVITATION.UNKNOWN_COMPANY') throw new Error(`invitation refused: ${JSON.stringify(results)}`);
      return undefined;
    },
    { timeoutMs: 15_000, intervalMs: 200 },
  );

  const now = Date.now();
  const seminar = await expectStatus<{ id: string }>(
    callApi(origin, ca, 'POST', '/cms/seminars', adminCms, {
      title: 'Attendee journey',
      startsAt: new Date(now + 5 * 60_000).toISOString(),
      endsAt: new Date(now + 65 * 60_000).toISOString(),
      timeZone: 'Europe/Amsterdam',
      capacity: 10,
    }),
    201,
    'create seminar',
  );
  await expectStatus(callApi(origin, ca, 'POST', `/cms/seminars/${seminar.id}/transitions`, adminCms, { to: 'scheduled' }), 200, 'schedule');
  const presenter = { userId: randomUUID(), companyId: company.id, role: 'customer' as const };
  const granted = await callApi(origin, ca, 'PUT', `/cms/seminars/${seminar.id}/grants/presenter/${presenter.userId}`, adminCms);
  if (granted.status >= 300) throw new Error(`grant presenter: ${granted.status} ${JSON.stringify(granted.body)}`);
  const key = await expectStatus<{ server: string; streamKey: string }>(
    callApi(origin, ca, 'POST', `/cms/seminars/${seminar.id}/stream-key`, await accessToken(dataDir, presenter, 'cms')),
    201,
    'stream key',
  );
  return { companyId: company.id, seminarId: seminar.id, adminToken: adminCms, publishUrl: `${key.server}/${key.streamKey}` };
}

/** The invitation link auth wrote to the mailbox folder (no SMTP in this shape). */
export function invitationLink(dataDir: string, email: string): string | undefined {
  const dir = join(dataDir, 'mailbox');
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    return undefined;
  }
  for (const name of names.sort().reverse()) {
    const mail = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { to: string; text: string };
    if (mail.to !== email) continue;
    const link = /https:\/\/\S+\/auth\/link#\S+/.exec(mail.text)?.[0];
    if (link) return link;
  }
  return undefined;
}
