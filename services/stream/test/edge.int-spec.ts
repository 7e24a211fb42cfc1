// The media tier as one Nest app (as it runs in either shape): a presenter publishes with ffmpeg over
// RTMPS, one ffmpeg remuxes to HLS, and viewers fetch playlists, segments and HTTP-FLV over HTTPS
// from the authorised edge. Every refusal case is checked on the playlist, a segment and FLV alike.
import { Events, type EventName, MEDIA_TOKEN_AUDIENCE, MEDIA_TOKEN_ISSUER } from '@webinar/contracts';
import { createHttpApp, ACCESS_TOKEN_ISSUER, listRoutes, PlatformModule } from '@webinar/http';
import { type Envelope, InProcessBus } from '@webinar/messaging';
import { HealthModule } from '@webinar/observability';
import { KeySet, RevocationSet, SecurityModule, TOKEN_TYPES } from '@webinar/security';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parse } from 'hls-parser';
import type { MediaPlaylist } from 'hls-parser/types';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { MEDIA_SECURITY_HEADERS } from '../src/edge/media-headers';
import { MEDIA_ROUTE_URL } from '../src/edge/media-route';
import type { AllInOneNode } from '../src/runtime/all-in-one-node';
import { STREAM_AUDIENCE } from '../src/stream.constants';
import { MEDIA_NODE, StreamModule } from '../src/stream.module';
import { httpsGet } from './support/https-client';
import {
  decodeErrors,
  publish,
  type Publisher,
  signPlaybackToken,
  signStreamKey,
  sleep,
  tlsMaterial,
  until,
} from './support/media-fixtures';

const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
const WEB_ORIGIN = 'https://webinar.test';

describe('media edge (real ffmpeg, HTTPS)', () => {
  jest.setTimeout(60_000);
  const seminarId = randomUUID();
  const companyId = randomUUID();
  let dir: string;
  let keys: KeySet;
  let tls: { key: Buffer; cert: Buffer };
  let bus: InProcessBus;
  let app: NestFastifyApplication;
  let runtime: AllInOneNode;
  let base: string;
  let presenter: Publisher;
  let token: string;
  let segmentName: string;
  const events: Envelope<EventName>[] = [];

  const url = (tok: string, file: string, seminar = seminarId): string => `${base}/live/${seminar}/${tok}/${file}`;
  const get = (u: string, opts?: Parameters<typeof httpsGet>[2]) => httpsGet(u, tls.cert, opts);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'media-edge-'));
    keys = await KeySet.generate({ use: 'sig' });
    tls = await tlsMaterial(dir);
    bus = new InProcessBus({ logger: silent });
    await bus.subscribe(
      {
        queue: 'test.observer',
        events: [Events.StreamStarted, Events.StreamEnded, Events.ViewerJoined, Events.ViewerLeft, Events.ViewerCount],
      },
      async (message) => void events.push(message),
    );
    @Module({
      imports: [
        PlatformModule.forRoot({ logger: silent, bus }),
        HealthModule.forRoot(),
        SecurityModule.forRoot({ issuer: ACCESS_TOKEN_ISSUER, audience: STREAM_AUDIENCE, keys, revocations: new RevocationSet() }),
        StreamModule.register({
          dataDir: dir,
          mediaKeys: keys,
          tls,
          ingest: { host: '127.0.0.1', rtmpsPort: 0, reconnectGraceMs: 1_500 },
          webOrigin: WEB_ORIGIN,
          viewerCountIntervalMs: 500,
        }),
      ],
    })
    class MediaTestModule {}
    app = await createHttpApp(MediaTestModule, { logger: silent, https: tls });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `https://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    runtime = app.get<AllInOneNode>(MEDIA_NODE);

    const key = await signStreamKey(keys, { seminarId, companyId });
    presenter = publish({
      url: `rtmps://127.0.0.1:${runtime.live.ingest.rtmpsAddress.port}/live/${seminarId}?key=${key}`,
      // Ended by the last test, never by its own clock: on a loaded machine a 9 s run ended the stream
      // before the revocation test had read it.
      seconds: 600,
      marker: 'PRESENTER',
    });
    token = await signPlaybackToken(keys, { seminarId, companyId });
    const deadline = Date.now() + 20_000;
    for (;;) {
      const res = await get(url(token, 'index.m3u8'));
      const listed = res.status === 200 ? (parse(res.body.toString()) as MediaPlaylist).segments : [];
      if (listed.length >= 2) {
        segmentName = listed[0]!.uri;
        break;
      }
      if (Date.now() > deadline) throw new Error(`no playlist with two segments (last status ${res.status})`);
      await sleep(300);
    }
  });

  afterAll(async () => {
    await presenter?.stop();
    await app?.close();
    await bus?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a valid live playlist (no-cache, CORS for the web app only) whose segments decode', async () => {
    const res = await get(url(token, 'index.m3u8'), { headers: { origin: WEB_ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.apple.mpegurl');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['access-control-allow-origin']).toBe(WEB_ORIGIN);
    const playlist = parse(res.body.toString()) as MediaPlaylist;
    expect(playlist.isMasterPlaylist).toBe(false);
    expect(playlist.targetDuration).toBeLessThanOrEqual(2);
    const bodies: Buffer[] = [];
    for (const segment of playlist.segments) {
      expect(segment.uri).toMatch(/^seg_\d+\.ts$/); // relative: the URL inherits the token
      const seg = await get(new URL(segment.uri, url(token, 'index.m3u8')).toString());
      if (seg.status === 404) continue; // rotated out since the playlist was read
      expect(seg.status).toBe(200);
      expect(seg.headers['cache-control']).toBe('private, max-age=30');
      bodies.push(seg.body);
    }
    expect(bodies.length).toBeGreaterThan(0);
    expect(await decodeErrors(Buffer.concat(bodies), dir, 'hls.ts')).toBe('');
  });

  it('sends the platform security headers on media responses and refusals (computed once; CORP same-site)', async () => {
    // Every other route gets them from helmet; what helmet sends there is what the media routes must send.
    const platform = await get(`${base}/health/live`);
    const generic = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'cache-control', 'vary', 'etag']);
    const helmetHeaders = Object.fromEntries(Object.entries(platform.headers).filter(([name]) => !generic.has(name)));
    expect(Object.keys(helmetHeaders).sort()).toEqual(Object.keys(MEDIA_SECURITY_HEADERS).sort());
    const expected = { ...helmetHeaders, 'cross-origin-resource-policy': 'same-site' };
    const responses = [
      await get(url(token, 'index.m3u8')),
      await get(url(token, segmentName)),
      await get(url('not-a-token', 'index.m3u8')),
      await get(url(await signPlaybackToken(keys, { seminarId: randomUUID() }), 'index.m3u8')),
      // Nothing unvalidated reaches the route: it takes no query string (as the platform's interceptor would refuse).
      await get(`${url(token, 'index.m3u8')}?unexpected=1`),
    ];
    expect(responses.map((res) => res.status)).toEqual([200, 200, 401, 403, 400]);
    expect(JSON.parse(responses[4]!.body.toString())).toMatchObject({ code: 'REQUEST.INVALID' });
    expect(responses[2]!.headers['cache-control']).toBe('no-store');
    for (const res of responses) {
      for (const [name, value] of Object.entries(expected)) expect({ name, value: res.headers[name] }).toEqual({ name, value });
    }
  });

  it('declares the token-less route in Nest and serves media from the Fastify route next to it', async () => {
    expect(listRoutes(app).filter((route) => route.path.startsWith('/live'))).toEqual([
      expect.objectContaining({ method: 'GET', path: '/live/:seminarId/:file', isPublic: true }),
    ]);
    expect(app.getHttpAdapter().getInstance().hasRoute({ method: 'GET', url: MEDIA_ROUTE_URL })).toBe(true);
    const missing = await get(`${base}/live/${seminarId}/index.m3u8`);
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body.toString())).toMatchObject({ code: 'PLAYBACK.TOKEN_MISSING' });
  });

  it('gives no CORS permission to another origin', async () => {
    const res = await get(url(token, 'index.m3u8'), { headers: { origin: 'https://evil.test' } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const refused = await get(url('not-a-token', 'index.m3u8'), { headers: { origin: 'https://evil.test' } });
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('lets the web app read why playback was refused (CORS on the error response, no media)', async () => {
    const res = await get(url('not-a-token', 'index.m3u8'), { headers: { origin: WEB_ORIGIN } });
    expect(res.status).toBe(401);
    expect(res.headers['access-control-allow-origin']).toBe(WEB_ORIGIN);
    expect(JSON.parse(res.body.toString())).toMatchObject({ code: 'PLAYBACK.TOKEN_INVALID' });
  });

  it('relays HTTP-FLV through the edge, decodable from the first byte', async () => {
    const res = await get(url(token, 'stream.flv'), { maxMs: 2_500 });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('video/x-flv');
    expect(res.body.subarray(0, 3).toString()).toBe('FLV');
    expect(res.body.length).toBeGreaterThan(10_000);
    expect(await decodeErrors(res.body, dir, 'edge.flv')).toBe('');
  });

  describe('refuses playback without a valid token for this seminar', () => {
    const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cases: Array<[string, () => Promise<{ tok: string; seminar?: string; status: number }>]> = [
      ['a missing token', async () => ({ tok: '', status: 401 })],
      ['an expired token', async () => ({ tok: await expiredToken(), status: 401 })],
      [
        'a tampered token',
        async () => {
          const [h, p, s] = token.split('.');
          const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
          return { tok: `${h}.${b64({ ...claims, sub: randomUUID() })}.${s}`, status: 401 };
        },
      ],
      [
        'an alg:none token',
        async () => {
          const [, p] = token.split('.');
          return { tok: `${b64({ alg: 'none', typ: TOKEN_TYPES.playback, kid: keys.activeKey().kid })}.${p}.`, status: 401 };
        },
      ],
      ['a token for another audience', async () => ({ tok: await signPlaybackToken(keys, { seminarId, audience: 'cms' }), status: 401 })],
      ['a token signed by another key set', async () => ({ tok: await signPlaybackToken(await KeySet.generate({ use: 'sig' }), { seminarId }), status: 401 })],
      ['a stream key instead of a playback token', async () => ({ tok: await signStreamKey(keys, { seminarId }), status: 401 })],
      ['a token for another seminar', async () => ({ tok: await signPlaybackToken(keys, { seminarId: randomUUID() }), status: 403 })],
    ];
    async function expiredToken(): Promise<string> {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ sem: seminarId, sid: randomUUID(), cid: companyId, pro: ['flv', 'hls'] })
        .setProtectedHeader({ alg: 'EdDSA', kid: keys.activeKey().kid, typ: TOKEN_TYPES.playback })
        .setIssuer(MEDIA_TOKEN_ISSUER)
        .setAudience(MEDIA_TOKEN_AUDIENCE)
        .setSubject(randomUUID())
        .setIssuedAt(now - 400)
        .setExpirationTime(now - 100)
        .sign(keys.activeKey().key);
    }

    it.each(cases)('%s, on the playlist, a segment and FLV', async (_name, make) => {
      const { tok, status } = await make();
      const files = ['index.m3u8', segmentName, 'stream.flv'];
      for (const file of files) {
        const res = await get(tok === '' ? `${base}/live/${seminarId}/${file}` : url(tok, file), { maxMs: 3_000 });
        expect({ file, status: res.status }).toEqual({ file, status });
        expect(res.body.includes('FLV')).toBe(false);
        expect(res.body.includes('#EXTM3U')).toBe(false);
      }
    });
  });

  it('refuses FLV to a viewer whose company allows HLS only, and still serves it HLS', async () => {
    const hlsOnly = await signPlaybackToken(keys, { seminarId, protocols: ['hls'] });
    expect((await get(url(hlsOnly, 'stream.flv'), { maxMs: 2_000 })).status).toBe(403);
    expect((await get(url(hlsOnly, 'index.m3u8'))).status).toBe(200);
  });

  it('applies a session revocation from the bus within 5 s, on HLS and on an open FLV connection', async () => {
    const sessionId = randomUUID();
    const revoked = await signPlaybackToken(keys, { seminarId, sessionId });
    expect((await get(url(revoked, 'index.m3u8'))).status).toBe(200);
    const flv = get(url(revoked, 'stream.flv'), { maxMs: 20_000 });
    await sleep(500);
    const t0 = Date.now();
    await bus.publish(Events.SessionRevoked, { sessionId, userId: randomUUID(), revokedAt: new Date().toISOString() });
    let status = 200;
    while (status === 200 && Date.now() - t0 < 5_000) {
      status = (await get(url(revoked, 'index.m3u8'))).status;
      if (status === 200) await sleep(100);
    }
    expect(status).toBe(401);
    expect((await get(url(revoked, segmentName))).status).toBe(401);
    expect((await get(url(revoked, 'stream.flv'), { maxMs: 2_000 })).status).toBe(401);
    const cut = await flv;
    expect(Date.now() - t0).toBeLessThan(5_000); // the open FLV connection was ended, not left to run
    expect(cut.status).toBe(200);
  });

  it('refuses a cancelled registration issued before the cancellation', async () => {
    const userId = randomUUID();
    const before = await signPlaybackToken(keys, { seminarId, userId });
    await bus.publish(Events.RegistrationCancelled, {
      registrationId: randomUUID(),
      seminarId,
      companyId,
      userId,
      cancelledAt: new Date().toISOString(),
    });
    await bus.waitForIdle();
    expect((await get(url(before, 'index.m3u8'))).status).toBe(401);
  });

  it('has no listings and no publishing over HTTP (an HTTP-FLV POST reaches nobody)', async () => {
    expect((await get(`${base}/live/`)).status).toBe(404);
    expect((await get(`${base}/live/${seminarId}/`)).status).toBe(404);
    const post = await get(url(token, 'stream.flv'), { method: 'POST', body: Buffer.from('FLV\x01\x05\x00\x00\x00\x09ATTACKER-POST') });
    expect(post.status).toBe(404);
    const viewer = await get(url(token, 'stream.flv'), { maxMs: 1_500 });
    expect(viewer.body.includes('ATTACKER-POST')).toBe(false);
  });

  it('offers TLS 1.2+ with AEAD ciphers only', async () => {
    const port = Number(new URL(base).port);
    const handshake = (options: { maxVersion?: 'TLSv1.1' | 'TLSv1.2'; ciphers?: string }): Promise<boolean> =>
      new Promise((resolve) => {
        const socket = tlsConnect({ host: '127.0.0.1', port, ca: tls.cert, minVersion: 'TLSv1', ...options }, () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
    expect(await handshake({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' })).toBe(true);
    expect(await handshake({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA256' })).toBe(false);
    expect(await handshake({ maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' })).toBe(false);
  });

  it('publishes the lifecycle and stops the remuxer when the stream ends', async () => {
    const remuxer = runtime.live.remuxers.get(seminarId);
    expect(remuxer?.running).toBe(true);
    await presenter.stop(); // the presenter goes away; after the reconnect grace the stream ends
    await until(() => events.some((e) => e.name === Events.StreamEnded), 15_000, 'stream.ended');
    expect(remuxer?.running).toBe(false);
    const started = events.find((e) => e.name === Events.StreamStarted);
    expect(started?.payload).toMatchObject({ seminarId, companyId });
    const ended = events.find((e) => e.name === Events.StreamEnded);
    expect(ended?.payload).toMatchObject({ seminarId, companyId, streamId: (started?.payload as { streamId: string }).streamId });
    expect(events.some((e) => e.name === Events.ViewerJoined && (e.payload as { seminarId: string }).seminarId === seminarId)).toBe(true);
    expect(events.some((e) => e.name === Events.ViewerCount && (e.payload as { count: number }).count > 0)).toBe(true);
    expect(events.some((e) => e.name === Events.ViewerLeft)).toBe(true);
    expect((await get(url(token, 'index.m3u8'))).status).not.toBe(500);
    expect(existsSync(dir)).toBe(true);
  });
});
