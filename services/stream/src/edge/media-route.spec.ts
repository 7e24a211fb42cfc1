// The viewers' media route and the request log, as the edge runs them (createHttpApp, the platform's
// request logging, the real playback authorizer): a playback token written in any other form than the
// player's (first `.` as %2E, an `e` as %65, double escapes, `;x` matrix parameters, %2f..%2f) is not
// served (400 PLAYBACK.PATH_NOT_CANONICAL) and no captured log line holds the token, its parts or its
// escaped forms; the canonical URL is served and logged masked; the player only ever builds canonical URLs.
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MEDIA_TOKEN_AUDIENCE, MEDIA_TOKEN_ISSUER } from '@webinar/contracts';
import { createHttpApp } from '@webinar/http';
import { createLogger, createMetrics, instrumentFastify } from '@webinar/observability';
import { playbackUrl } from '@webinar/player';
import { KeySet, signJwt, TOKEN_TYPES } from '@webinar/security';
import { tokenLeakMarkers, tokenPathEncodings } from '@webinar/testing';
import { randomUUID } from 'node:crypto';
import type { ViewerEdge } from './viewer-edge';
import { isCanonicalPath, registerMediaRoute } from './media-route';
import { PlaybackErrors } from './playback.errors';
import { PlaybackAuthorizer } from './playback-authorizer';
import { PlaybackRevocations } from './playback-revocations';

@Module({})
class EmptyModule {}

const PLAYLIST = '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nseg_7.ts\n';

describe('media route: canonical paths only, tokens never logged', () => {
  const seminarId = randomUUID();
  const lines: string[] = [];
  let keys: KeySet;
  let app: NestFastifyApplication;

  const playbackToken = (): Promise<string> =>
    signJwt(
      keys,
      { sem: seminarId, sid: randomUUID(), cid: randomUUID(), pro: ['flv', 'hls'] },
      { typ: TOKEN_TYPES.playback, issuer: MEDIA_TOKEN_ISSUER, audience: MEDIA_TOKEN_AUDIENCE, subject: randomUUID(), expiresInSeconds: 120 },
    );
  const get = (url: string) => app.inject({ method: 'GET', url });
  const expectNoLeak = (token: string, label: string): void => {
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      for (const marker of tokenLeakMarkers(token)) expect({ label, leaked: line.includes(marker) }).toEqual({ label, leaked: false });
    }
  };

  beforeAll(async () => {
    keys = await KeySet.generate({ use: 'sig' });
    const logger = createLogger({ service: 'stream', destination: { write: (line: string) => void lines.push(line) } });
    const media = {
      authorizer: new PlaybackAuthorizer({ keys, revocations: new PlaybackRevocations() }),
      store: { playlist: async () => Buffer.from(PLAYLIST), segment: async (_id: string, name: string) => (name === 'seg_7.ts' ? Buffer.from('ts') : undefined) },
      viewers: { seen: () => undefined },
      webOrigin: undefined,
    } as unknown as ViewerEdge;
    app = await createHttpApp(EmptyModule, { logger });
    const instance = app.getHttpAdapter().getInstance();
    instrumentFastify(instance, { logger, metrics: createMetrics('stream') });
    registerMediaRoute(instance, media, logger);
    await app.init();
    await instance.ready();
  });
  afterAll(() => app?.close());
  beforeEach(() => {
    lines.length = 0;
  });

  it('serves the canonical path and logs it with the token masked', async () => {
    const token = await playbackToken();
    const playlist = await get(`/live/${seminarId}/${token}/index.m3u8`);
    expect(playlist.statusCode).toBe(200);
    expect(playlist.body).toBe(PLAYLIST);
    expect((await get(`/live/${seminarId}/${token}/seg_7.ts`)).statusCode).toBe(200);
    expect(JSON.parse(lines[0]!)).toMatchObject({ url: `/live/${seminarId}/[redacted]/index.m3u8`, statusCode: 200 });
    expectNoLeak(token, 'canonical');
  });

  it.each(Object.keys(tokenPathEncodings('eyJ.x')).filter((name) => name !== 'plain'))(
    'refuses the token written with %s (400, stable code) and logs no form of it',
    async (name) => {
      const token = await playbackToken();
      const segment = tokenPathEncodings(token)[name]!;
      for (const file of ['index.m3u8', 'seg_7.ts', 'stream.flv']) {
        const response = await get(`/live/${seminarId}/${segment}/${file}`);
        expect({ file, status: response.statusCode, body: response.json() }).toEqual({
          file,
          status: 400,
          body: { code: PlaybackErrors.pathNotCanonical.code, message: expect.any(String) },
        });
        expect(response.body).not.toContain(token.split('.')[2]);
      }
      expectNoLeak(token, name);
    },
  );

  it('refuses an escaped seminar id or file name too, and a `;` after the file', async () => {
    const token = await playbackToken();
    const escapedSeminar = `%${seminarId.charCodeAt(0).toString(16)}${seminarId.slice(1)}`;
    for (const url of [`/live/${escapedSeminar}/${token}/index.m3u8`, `/live/${seminarId}/${token}/index%2Em3u8`, `/live/${seminarId}/${token}/index.m3u8;x`]) {
      const response = await get(url);
      expect({ url, status: response.statusCode, code: response.json<{ code: string }>().code }).toEqual({ url, status: 400, code: PlaybackErrors.pathNotCanonical.code });
    }
    expectNoLeak(token, 'other parts');
  });

  it('is never triggered by the player: its playlist, segment and FLV URLs are canonical and served', async () => {
    const token = await playbackToken();
    const source = { edgeOrigin: 'https://media.example:8444/', seminarId, token, protocols: ['hls', 'flv'] as const };
    const playlistUrl = new URL(playbackUrl(source, 'hls'));
    const segmentUrl = new URL('seg_7.ts', playlistUrl);
    const flvUrl = new URL(playbackUrl(source, 'flv'));
    for (const url of [playlistUrl, segmentUrl, flvUrl]) expect({ url: url.pathname, canonical: isCanonicalPath(url.pathname) }).toEqual({ url: url.pathname, canonical: true });
    expect((await get(playlistUrl.pathname)).statusCode).toBe(200);
    expect((await get(segmentUrl.pathname)).statusCode).toBe(200);
  });

  it('answers a seminar id longer than 100 characters like an unknown one (404 PLAYBACK.NOT_FOUND, not 414)', async () => {
    const token = await playbackToken();
    const unknown = await get(`/live/not-a-seminar/${token}/index.m3u8`);
    expect(unknown.statusCode).toBe(404);
    for (const length of [101, 500, 5000]) {
      const long = await get(`/live/${'a'.repeat(length)}/${token}/index.m3u8`);
      expect({ length, status: long.statusCode, body: long.json() }).toEqual({ length, status: 404, body: unknown.json() });
    }
  });
});
