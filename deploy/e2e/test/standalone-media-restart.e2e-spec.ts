// The standalone shape (one process: web tier + media tier, in-process bus) after a crash: the media
// tier authorises publishes and loads its revocation snapshot over loopback HTTPS from the same
// process's cms and auth, signed with the secret generated under DATA_DIR. On PostgreSQL, so the
// outbox survives the SIGKILL while every in-memory revocation set does not.
// A registration cancelled → that viewer's playback token refused; a key rotated → the old one
// refused; a grant withdrawn → that presenter's key refused; each still refused, with the same code,
// once the process was SIGKILLed and started again.
import { createTestDatabase, stopAllProcesses, testDatabaseUrl, type TestDatabase, waitFor } from '@webinar/testing';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessToken, callApi, expectStatus } from './attendee-setup';
import { ffmpegAvailable, mediaGet, publishAttempt } from './media-revocation-support';
import { type RunningStandalone, startStandalone } from './playback-topology';

jest.setTimeout(240_000);

describe('standalone: revocations survive a restart of the process', () => {
  let database: TestDatabase | undefined;
  let dataDir: string;
  let standalone: RunningStandalone;
  let ca: Buffer;
  let seminarId: string;
  let rotatedKey: string;
  let currentKey: string;
  let withdrawnKey: string;
  let cancelledToken: string;
  let viewerToken: string;

  const start = async (): Promise<void> => {
    standalone = await startStandalone({ dataDir, databaseUrl: database!.url, env: { LOG_LEVEL: 'info' } });
    ca = readFileSync(join(dataDir, 'tls', 'cert.pem'));
  };
  const api = (method: string, path: string, bearer: string, body?: unknown) => callApi(standalone.webOrigin, ca, method, path, bearer, body);
  const play = (token: string) => mediaGet(`${standalone.mediaOrigin}/live/${seminarId}/${token}/index.m3u8`, ca);
  const publish = (key: string) => publishAttempt(standalone.process, standalone.rtmpsPort, seminarId, key);

  beforeAll(async () => {
    const adminUrl = await testDatabaseUrl();
    if (!adminUrl || !ffmpegAvailable()) return;
    database = await createTestDatabase(adminUrl, 'e2estandalonerestart');
    dataDir = mkdtempSync(join(tmpdir(), 'e2e-standalone-restart-'));
    await start();

    const root = await accessToken(dataDir, { userId: randomUUID(), companyId: null, role: 'root', elevated: true }, 'cms');
    const company = await expectStatus<{ id: string }>(api('POST', '/cms/companies', root, { name: `Standalone ${randomUUID()}` }), 201, 'company');
    const admin = await accessToken(dataDir, { userId: randomUUID(), companyId: company.id, role: 'admin' }, 'cms');
    const now = Date.now();
    seminarId = (
      await expectStatus<{ id: string }>(
        api('POST', '/cms/seminars', admin, {
          title: 'Standalone restart',
          startsAt: new Date(now + 5 * 60_000).toISOString(),
          endsAt: new Date(now + 65 * 60_000).toISOString(),
          timeZone: 'UTC',
          capacity: 10,
        }),
        201,
        'seminar',
      )
    ).id;
    await expectStatus(api('POST', `/cms/seminars/${seminarId}/transitions`, admin, { to: 'scheduled' }), 200, 'schedule');
    const presenterA = { userId: randomUUID(), companyId: company.id, role: 'customer' as const };
    const presenterB = { userId: randomUUID(), companyId: company.id, role: 'customer' as const };
    for (const p of [presenterA, presenterB]) {
      const granted = await api('PUT', `/cms/seminars/${seminarId}/grants/presenter/${p.userId}`, admin);
      expect(granted.status).toBeLessThan(300);
    }
    const keyOf = async (presenter: typeof presenterA): Promise<string> =>
      (await expectStatus<{ streamKey: string }>(api('POST', `/cms/seminars/${seminarId}/stream-key`, await accessToken(dataDir, presenter, 'cms')), 201, 'key')).streamKey.split('?key=')[1] ?? '';
    rotatedKey = await keyOf(presenterA);
    currentKey = await keyOf(presenterA);
    withdrawnKey = await keyOf(presenterB);
    expect((await api('DELETE', `/cms/seminars/${seminarId}/grants/presenter/${presenterB.userId}`, admin)).status).toBeLessThan(300);

    // Two registered viewers with real playback tokens from cms; one cancels.
    const viewer = async (): Promise<{ token: string; cms: string }> => {
      const cms = await accessToken(dataDir, { userId: randomUUID(), companyId: company.id, role: 'customer' }, 'cms');
      await expectStatus(api('POST', `/cms/seminars/${seminarId}/registration`, cms), 201, 'register');
      return { token: (await expectStatus<{ token: string }>(api('POST', `/cms/seminars/${seminarId}/playback-token`, cms), 201, 'playback token')).token, cms };
    };
    const leaving = await viewer();
    cancelledToken = leaving.token;
    viewerToken = (await viewer()).token;
    expect((await play(cancelledToken)).status).not.toBe(401);
    expect((await api('DELETE', `/cms/seminars/${seminarId}/registration`, leaving.cms)).status).toBeLessThan(300);
    // The cancellation travels cms's outbox → the in-process bus → the edge's revocation set.
    await waitFor('the cancellation to reach the edge', async () => ((await play(cancelledToken)).status === 401 ? true : undefined), {
      timeoutMs: 15_000,
      intervalMs: 200,
    });
  });

  afterAll(async () => {
    await stopAllProcesses();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const skipped = (): boolean => {
    if (!database) console.warn('PostgreSQL or ffmpeg is not available; skipped');
    return database === undefined;
  };

  it('generated its internal secret under DATA_DIR (owner-only) and loaded the snapshot over loopback', () => {
    if (skipped()) return;
    const secret = join(dataDir, 'keys', 'media-internal.secret');
    expect(existsSync(secret)).toBe(true);
    expect(readFileSync(secret, 'utf8').length).toBeGreaterThanOrEqual(32);
    expect(statSync(secret).mode & 0o077).toBe(0);
    expect(standalone.process.output()).toMatch(/revocation snapshot loaded: serving/);
  });

  it('refuses each revocation before and after a SIGKILL and restart, with the same codes', async () => {
    if (skipped()) return;
    const check = async () => ({
      cancelled: await play(cancelledToken),
      rotated: await publish(rotatedKey),
      withdrawn: await publish(withdrawnKey),
      current: await publish(currentKey),
    });
    const before = await check();
    expect(before).toEqual({
      cancelled: { status: 401, code: 'PLAYBACK.REVOKED' },
      rotated: 'STREAM_KEY.REVOKED',
      withdrawn: 'STREAM_KEY.GRANT_WITHDRAWN',
      current: 'accepted',
    });
    expect([401, 403, 503]).not.toContain((await play(viewerToken)).status);

    standalone.process.child.kill('SIGKILL');
    await standalone.process.exited();
    await start();
    expect(await check()).toEqual(before);
    expect([401, 403, 503]).not.toContain((await play(viewerToken)).status);
  });
});
