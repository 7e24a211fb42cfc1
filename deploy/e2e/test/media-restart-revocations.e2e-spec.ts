// Revocations survive a media restart (docs/architecture.md, "Revocations survive media restarts"):
// auth and cms as processes on PostgreSQL and RabbitMQ, the stream service as its own process (role
// `all`, the built dist/main.js), a real ffmpeg presenter over RTMPS. A viewer logs out (auth), a
// presenter's key is rotated and another presenter's grant withdrawn (cms): the node refuses each.
// Then the stream process is SIGKILLed and started again: each is still refused, with the same code,
// although the node's bus queue holds nothing any more (those messages were consumed before the
// kill) — what it knows now comes from the snapshot and from cms's per-publish answer. Finally cms is
// down: a publish is refused (fail closed), and a node started then serves nobody (503) until cms is
// back, when it loads the snapshot by itself and serves again.
import { MEDIA_TOKEN_AUDIENCE, MEDIA_TOKEN_ISSUER } from '@webinar/contracts';
import { loadOrCreateKeySet, signJwt, TOKEN_TYPES } from '@webinar/security';
import {
  createTestDatabase,
  freePort,
  type ServiceProcess,
  startProcess,
  stopAllProcesses,
  testAmqpUrl,
  testDatabaseUrl,
  type TestDatabase,
  waitFor,
} from '@webinar/testing';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessToken } from './attendee-setup';
import { type Answer, ffmpegAvailable, mediaGet, publishAttempt } from './media-revocation-support';
import { launch, repoRoot, type RunningService } from './topology';

jest.setTimeout(240_000);

const PUBLIC_URL = 'https://webinar.test';
const sameOrigin = { origin: PUBLIC_URL, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };
async function cmsCall(cms: RunningService, method: string, path: string, bearer: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const r = await fetch(`${cms.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('revocations survive a media restart', () => {
  let database: TestDatabase | undefined;
  let work: string;
  let amqpUrl: string;
  let auth: RunningService;
  let cms: RunningService;
  let cmsPort: number;
  let stream: ServiceProcess | undefined;
  const streamPort = { https: 0, rtmps: 0 };
  const instanceId = `restart-${randomUUID().slice(0, 8)}`;
  let secretFile: string;
  let ca: Buffer;

  let companyId: string;
  let seminarId: string;
  /** Rotated away: REVOKED. */
  let rotatedKey: string;
  /** The current key of the same presenter: the control that still publishes. */
  let currentKey: string;
  /** Its presenter's grant was withdrawn: GRANT_WITHDRAWN. */
  let withdrawnKey: string;
  /** A logged-out viewer's playback token: PLAYBACK.REVOKED. */
  let loggedOutToken: string;
  /** A viewer whose session is fine: the control that is served. */
  let validToken: string;

  const startCms = async (): Promise<RunningService> =>
    launch({
      name: 'cms',
      port: cmsPort,
      dataDir: join(work, 'cms'),
      databaseUrl: database!.url,
      amqpUrl,
      extraEnv: { AUTH_JWKS_URL: `${auth.url}/auth/.well-known/jwks.json`, MEDIA_INTERNAL_SECRET_FILE: secretFile },
    });

  /** The stream process on fixed ports and instance id (its queue), so a restart is the same node. */
  const startStream = async (waitUntil: 'ready' | 'live'): Promise<ServiceProcess> => {
    const proc = startProcess({
      name: `stream-${instanceId}`,
      command: process.execPath,
      args: ['--enable-source-maps', join(repoRoot, 'services/stream/dist/main.js')],
      env: {
        HOST: '127.0.0.1',
        PORT: String(streamPort.https),
        RTMPS_PORT: String(streamPort.rtmps),
        DATA_DIR: join(work, 'stream'),
        LOG_LEVEL: 'info',
        STREAM_ROLE: 'all',
        INSTANCE_ID: instanceId,
        AMQP_URL: amqpUrl,
        PLAYBACK_JWKS_URL: `http://127.0.0.1:${cmsPort}/cms/.well-known/jwks.json`,
        AUTH_INTERNAL_URL: auth.url,
        MEDIA_INTERNAL_SECRET_FILE: secretFile,
        ...(process.env['FFMPEG_PATH'] ? { FFMPEG_PATH: process.env['FFMPEG_PATH'] } : {}),
      },
    });
    await waitFor(
      `the stream node to be ${waitUntil}`,
      async () => {
        if (proc.child.exitCode !== null) throw new Error(`stream exited with ${proc.child.exitCode}`);
        ca = readFileSync(join(work, 'stream', 'tls', 'cert.pem'));
        const path = waitUntil === 'ready' ? '/health/ready' : '/health/live';
        return (await mediaGet(`https://127.0.0.1:${streamPort.https}${path}`, ca).catch(() => ({ status: 0 }))).status === 200 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, context: () => proc.output().slice(-3000) },
    );
    return proc;
  };

  const kill = async (proc: ServiceProcess | undefined): Promise<void> => {
    if (!proc || proc.child.exitCode !== null) return;
    proc.child.kill('SIGKILL');
    await proc.exited();
  };

  const play = (token: string): Promise<Answer> => mediaGet(`https://127.0.0.1:${streamPort.https}/live/${seminarId}/${token}/index.m3u8`, ca);

  const tryPublish = (key: string): Promise<string> => publishAttempt(stream!, streamPort.rtmps, seminarId, key);

  beforeAll(async () => {
    const adminUrl = await testDatabaseUrl();
    const amqp = await testAmqpUrl();
    if (!adminUrl || !amqp || !ffmpegAvailable()) return;
    amqpUrl = amqp;
    database = await createTestDatabase(adminUrl, 'e2emediarestart');
    work = mkdtempSync(join(tmpdir(), 'e2e-media-restart-'));
    mkdirSync(join(work, 'stream'), { recursive: true });
    secretFile = join(work, 'media-internal.secret');
    writeFileSync(secretFile, `e2e-${randomUUID()}-${randomUUID()}`, { mode: 0o600 });
    [cmsPort, streamPort.https, streamPort.rtmps] = [await freePort(), await freePort(), await freePort()];
    auth = await launch({
      name: 'auth',
      dataDir: join(work, 'auth'),
      databaseUrl: database.url,
      amqpUrl,
      extraEnv: { MEDIA_INTERNAL_SECRET_FILE: secretFile },
    });
    cms = await startCms();

    // The web-tier side through the real routes, with access tokens signed from auth's key set.
    const authDir = join(work, 'auth');
    const root = await accessToken(authDir, { userId: randomUUID(), companyId: null, role: 'root', elevated: true }, 'cms');
    companyId = ((await cmsCall(cms, 'POST', '/cms/companies', root, { name: `Restart ${randomUUID()}` })).body as { id: string }).id;
    const admin = await accessToken(authDir, { userId: randomUUID(), companyId, role: 'admin' }, 'cms');
    const now = Date.now();
    const seminar = await cmsCall(cms, 'POST', '/cms/seminars', admin, {
      title: 'Restart',
      startsAt: new Date(now + 5 * 60_000).toISOString(),
      endsAt: new Date(now + 65 * 60_000).toISOString(),
      timeZone: 'UTC',
      capacity: 10,
    });
    seminarId = (seminar.body as { id: string }).id;
    expect((await cmsCall(cms, 'POST', `/cms/seminars/${seminarId}/transitions`, admin, { to: 'scheduled' })).status).toBe(200);
    const keyOf = async (presenterToken: string): Promise<string> => {
      const issued = await cmsCall(cms, 'POST', `/cms/seminars/${seminarId}/stream-key`, presenterToken);
      expect(issued.status).toBe(201);
      return (issued.body as { streamKey: string }).streamKey.split('?key=')[1] ?? '';
    };
    const presenterA = { userId: randomUUID(), companyId, role: 'customer' as const };
    const presenterB = { userId: randomUUID(), companyId, role: 'customer' as const };
    for (const p of [presenterA, presenterB]) {
      expect((await cmsCall(cms, 'PUT', `/cms/seminars/${seminarId}/grants/presenter/${p.userId}`, admin)).status).toBeLessThan(300);
    }
    const tokenA = await accessToken(authDir, presenterA, 'cms');
    rotatedKey = await keyOf(tokenA);
    currentKey = await keyOf(tokenA);
    withdrawnKey = await keyOf(await accessToken(authDir, presenterB, 'cms'));

    // The viewer: a real session at auth (root's bootstrap link), whose id the playback token carries.
    const link = readFileSync(join(authDir, 'root-login-link'), 'utf8').trim();
    const redeemed = await fetch(`${auth.url}/auth/links/redeem`, { method: 'POST', headers: sameOrigin, body: JSON.stringify({ token: link.split('#')[1] ?? '' }) });
    expect(redeemed.status).toBe(200);
    const cookie = (redeemed.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const issued = await fetch(`${auth.url}/auth/token`, { method: 'POST', headers: { ...sameOrigin, cookie }, body: JSON.stringify({ audience: 'cms' }) });
    const claims = JSON.parse(Buffer.from(((await issued.json()) as { accessToken: string }).accessToken.split('.')[1] ?? '', 'base64url').toString()) as { sub: string; sid: string };
    // Playback tokens as cms signs them (its media key set), for that session and for an unrelated one.
    const media = await loadOrCreateKeySet({ dir: join(work, 'cms', 'keys'), name: 'media', use: 'sig' });
    const playbackToken = (userId: string, sessionId: string): Promise<string> =>
      signJwt(media, { sem: seminarId, sid: sessionId, cid: companyId, pro: ['flv', 'hls'] }, {
        typ: TOKEN_TYPES.playback,
        issuer: MEDIA_TOKEN_ISSUER,
        audience: MEDIA_TOKEN_AUDIENCE,
        subject: userId,
        expiresInSeconds: 300,
        jti: randomUUID(),
      });
    loggedOutToken = await playbackToken(claims.sub, claims.sid);
    validToken = await playbackToken(randomUUID(), randomUUID());

    stream = await startStream('ready');
    const servedBefore = await play(loggedOutToken);
    expect(servedBefore.status).not.toBe(401);

    // Revoke: logout (auth), rotation already done above (cms), grant withdrawal (cms).
    const logout = await fetch(`${auth.url}/auth/logout`, { method: 'POST', headers: { origin: PUBLIC_URL, 'sec-fetch-site': 'same-origin', cookie } });
    expect(logout.status).toBe(204);
    expect((await cmsCall(cms, 'DELETE', `/cms/seminars/${seminarId}/grants/presenter/${presenterB.userId}`, admin)).status).toBeLessThan(300);
    await waitFor('the logout to reach the node over the bus', async () => ((await play(loggedOutToken)).code === 'PLAYBACK.REVOKED' ? true : undefined), {
      timeoutMs: 15_000,
      intervalMs: 200,
    });
  });

  afterAll(async () => {
    await kill(stream);
    await stopAllProcesses();
    await database?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const skipped = (): boolean => {
    if (!database) console.warn('PostgreSQL, RabbitMQ or ffmpeg is not available; skipped');
    return database === undefined;
  };

  let before: Record<string, string | Answer>;

  it('refuses the logged-out viewer, the rotated key and the withdrawn presenter, and serves the controls', async () => {
    if (skipped()) return;
    before = {
      loggedOut: await play(loggedOutToken),
      valid: await play(validToken),
      rotated: await tryPublish(rotatedKey),
      withdrawn: await tryPublish(withdrawnKey),
      current: await tryPublish(currentKey),
    };
    expect(before).toEqual({
      loggedOut: { status: 401, code: 'PLAYBACK.REVOKED' },
      valid: before['valid'],
      rotated: 'STREAM_KEY.REVOKED',
      withdrawn: 'STREAM_KEY.GRANT_WITHDRAWN',
      current: 'accepted',
    });
    // Authorised (not 401/403/503); nothing is live once the control publish ended, so nothing to serve.
    expect([401, 403, 503]).not.toContain((before['valid'] as Answer).status);
  });

  it('refuses each again with the same code after the stream process is SIGKILLed and started again', async () => {
    if (skipped()) return;
    await kill(stream);
    stream = await startStream('ready');
    expect(stream.output()).toMatch(/revocation snapshot loaded: serving/);
    const after = {
      loggedOut: await play(loggedOutToken),
      valid: await play(validToken),
      rotated: await tryPublish(rotatedKey),
      withdrawn: await tryPublish(withdrawnKey),
    };
    expect({ ...after, valid: undefined }).toEqual({
      loggedOut: before['loggedOut'],
      valid: undefined,
      rotated: before['rotated'],
      withdrawn: before['withdrawn'],
    });
    // Still authorised (what it is served depends on the files the killed node left behind).
    expect([401, 403, 503]).not.toContain(after.valid.status);
  });

  it('fails closed without cms: a publish is refused, and a node started then serves nobody until cms is back', async () => {
    if (skipped()) return;
    await cms.process.stop('SIGKILL');
    // A running node: the per-publish question cannot be answered → refused.
    expect(await tryPublish(currentKey)).toBe('STREAM_KEY.UNVERIFIABLE');

    await kill(stream);
    stream = await startStream('live');
    const ready = await mediaGet(`https://127.0.0.1:${streamPort.https}/health/ready`, ca);
    expect(ready.status).toBe(503);
    expect(await play(validToken)).toEqual({ status: 503, code: 'SERVICE.UNAVAILABLE' });
    expect(await play(loggedOutToken)).toEqual({ status: 503, code: 'SERVICE.UNAVAILABLE' });
    expect(await tryPublish(currentKey)).toBe('STREAM_KEY.UNVERIFIABLE');
    expect(stream.output()).toMatch(/revocation snapshot unavailable/);

    // cms back: the node retries by itself, then serves as before the restart.
    cms = await startCms();
    await waitFor('the node to load its snapshot', async () => ((await mediaGet(`https://127.0.0.1:${streamPort.https}/health/ready`, ca)).status === 200 ? true : undefined), {
      timeoutMs: 40_000,
      intervalMs: 250,
    });
    expect(await play(loggedOutToken)).toEqual(before['loggedOut']);
    expect([401, 403, 503]).not.toContain((await play(validToken)).status);
    expect(await tryPublish(rotatedKey)).toBe('STREAM_KEY.REVOKED');
    expect(await tryPublish(withdrawnKey)).toBe('STREAM_KEY.GRANT_WITHDRAWN');
    expect(await tryPublish(currentKey)).toBe('accepted');
  });
});
