// A viewer's browser end to end: the standalone process serves the viewer page (watch.html) and the
// media edge on two loopback origins, a presenter publishes with real ffmpeg over RTMPS, and Debian's
// chromium (playwright-core) opens the page with a playback token in the link's fragment. The page
// must play over HTTP-FLV when allowed, over HLS when the company allows only HLS or when HTTP-FLV
// fails, and show a refusal (playing nothing) for a tampered or expired token — all without one
// request to any other host.
import type { KeySet } from '@webinar/security';
import { createTestDatabase, stopAllProcesses, testDatabaseUrl, waitFor, type TestDatabase } from '@webinar/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  publish,
  type Publisher,
  signPlaybackToken,
} from '../../../services/stream/test/support/media-fixtures';
import { prepareSeminar } from './attendee-setup';
import { chromiumOrSkip, launchChromium, type RunningStandalone, startStandalone, tamper, watchUrl } from './playback-topology';

jest.setTimeout(120_000);

interface PlayerState {
  currentTime: number;
  decodedFrames: number;
  width: number;
  protocol: string | null;
  engine: string | null;
  state: string | null;
  message: string;
}

/** The page's visible state: what the video element reports and what the status line says. */
async function playerState(page: Page): Promise<PlayerState> {
  // The callback runs in the page; it is typed structurally because this project has no DOM types.
  return page.evaluate(() => {
    type Video = { currentTime: number; videoWidth: number; dataset: Record<string, string | undefined>; getVideoPlaybackQuality(): { totalVideoFrames: number } };
    type Doc = { getElementById(id: string): unknown };
    const doc = (globalThis as unknown as { document: Doc }).document;
    const video = doc.getElementById('player') as Video;
    const status = doc.getElementById('status') as { dataset: Record<string, string | undefined>; textContent: string | null };
    return {
      currentTime: video.currentTime,
      decodedFrames: video.getVideoPlaybackQuality().totalVideoFrames,
      width: video.videoWidth,
      protocol: video.dataset['protocol'] ?? null,
      engine: video.dataset['engine'] ?? null,
      state: status.dataset['state'] ?? null,
      message: status.textContent ?? '',
    };
  });
}

interface Visit {
  page: Page;
  context: BrowserContext;
  /** Every URL the page's context requested (http, https, ws…). */
  requests: string[];
  /** Status of each response from the media edge, by file name. */
  edgeStatuses: Array<{ file: string; status: number }>;
  problems: string[];
}

describe('browser playback (standalone + ffmpeg publisher + chromium)', () => {
  let chromiumPath: string | undefined;
  let database: TestDatabase | undefined;
  let work: string;
  let standalone: RunningStandalone;
  let keys: KeySet;
  let presenter: Publisher | undefined;
  let browser: Browser | undefined;
  // A real seminar with a presenter's stream key from cms: the ingest asks cms about every publish.
  let seminarId: string;
  let companyId: string;
  const visits: Visit[] = [];

  beforeAll(async () => {
    chromiumPath = chromiumOrSkip();
    if (!chromiumPath) return;
    const adminUrl = await testDatabaseUrl();
    database = adminUrl ? await createTestDatabase(adminUrl, 'e2eplay') : undefined;
    work = mkdtempSync(join(tmpdir(), 'e2e-playback-'));
    standalone = await startStandalone({ dataDir: join(work, 'data'), ...(database ? { databaseUrl: database.url } : {}) });
    keys = standalone.mediaKeys;
    const seminar = await prepareSeminar({
      origin: standalone.webOrigin,
      ca: readFileSync(join(work, 'data', 'tls', 'cert.pem')),
      dataDir: join(work, 'data'),
      attendeeEmail: `viewer-${randomUUID()}@example.test`,
    });
    seminarId = seminar.seminarId;
    companyId = seminar.companyId;
    const streamKey = seminar.publishUrl.split('?key=')[1] ?? '';
    presenter = publish({
      url: `rtmps://127.0.0.1:${standalone.rtmpsPort}/live/${seminarId}?key=${streamKey}`,
      seconds: 100,
      marker: 'BROWSER-E2E',
    });
    browser = await launchChromium(chromiumPath);
    // Live on both protocols: hls.js needs a playlist with segments, not only a running broadcast.
    const probe = await signPlaybackToken(keys, { seminarId, companyId, protocols: ['hls'] });
    await waitFor(
      'the HLS playlist to list two segments',
      async () => {
        const res = await visitRaw(`${standalone.mediaOrigin}/live/${seminarId}/${probe}/index.m3u8`);
        return (res.match(/^seg_\d+\.ts$/gm) ?? []).length >= 2 ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 300, context: () => standalone.process.output().slice(-3000) },
    );
  });

  afterAll(async () => {
    for (const visit of visits) await visit.context.close().catch(() => undefined);
    await browser?.close();
    await presenter?.stop();
    await stopAllProcesses();
    await database?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The playlist's text, fetched from the edge with the browser (which trusts nothing but loopback here). */
  async function visitRaw(url: string): Promise<string> {
    const context = await browser!.newContext({ ignoreHTTPSErrors: true });
    try {
      const res = await context.request.get(url);
      return res.ok() ? await res.text() : '';
    } finally {
      await context.close();
    }
  }

  async function open(token: string, opts: { blockFlv?: boolean } = {}): Promise<Visit> {
    // The standalone's certificate is self-signed for 127.0.0.1; nothing else is contacted anyway.
    const context = await browser!.newContext({ ignoreHTTPSErrors: true });
    const visit: Visit = { page: await context.newPage(), context, requests: [], edgeStatuses: [], problems: [] };
    visits.push(visit);
    context.on('request', (req) => visit.requests.push(req.url()));
    context.on('response', (res) => {
      if (res.url().startsWith(`${standalone.mediaOrigin}/live/`)) {
        visit.edgeStatuses.push({ file: res.url().split('/').pop() ?? '', status: res.status() });
      }
    });
    visit.page.on('websocket', (ws) => visit.requests.push(ws.url()));
    visit.page.on('pageerror', (error) => visit.problems.push(`page error: ${error.message}`));
    visit.page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) visit.problems.push(`CSP: ${message.text()}`);
    });
    if (opts.blockFlv) await visit.page.route('**/stream.flv', (route) => route.abort('connectionrefused'));
    const response = await visit.page.goto(watchUrl(standalone, seminarId, token));
    expect(response?.status()).toBe(200);
    // The page is served under the product's CSP: self only, no inline script.
    expect(response?.headers()['content-security-policy']).toMatch(/default-src 'self'/);
    return visit;
  }

  /** Waits until the video has played `seconds` of media on `protocol`, decoding real frames. */
  async function expectPlaying(visit: Visit, protocol: 'flv' | 'hls', engine: string): Promise<PlayerState> {
    const first = await waitFor(
      `the page to play over ${protocol}`,
      async () => {
        const s = await playerState(visit.page);
        return s.state === 'playing' && s.currentTime > 0 ? s : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200, context: () => JSON.stringify({ problems: visit.problems, edge: visit.edgeStatuses.slice(-5) }) },
    );
    const later = await waitFor(
      'the playback position to advance by a second',
      async () => {
        const s = await playerState(visit.page);
        return s.currentTime >= first.currentTime + 1 ? s : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    expect({ protocol: later.protocol, engine: later.engine, state: later.state }).toEqual({ protocol, engine, state: 'playing' });
    expect(later.decodedFrames).toBeGreaterThan(first.decodedFrames);
    expect(later.width).toBe(320); // the presenter's testsrc2 picture
    return later;
  }

  /** Nothing but the page's own origin and the media edge — no CDN, font or analytics host. */
  function expectOnlyLoopbackOrigins(visit: Visit): void {
    const allowed = new Set([standalone.webOrigin, standalone.mediaOrigin]);
    const network = visit.requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:'));
    expect(network.length).toBeGreaterThan(0);
    expect(network.filter((url) => !allowed.has(new URL(url).origin))).toEqual([]);
    expect(visit.problems).toEqual([]);
  }

  it('plays the live seminar over HTTP-FLV (mpegts.js) with a valid token', async () => {
    if (!chromiumPath) return console.warn('chromium is not installed; skipped');
    const visit = await open(await signPlaybackToken(keys, { seminarId, companyId, protocols: ['flv', 'hls'] }));
    await expectPlaying(visit, 'flv', 'mpegts.js');
    expect(visit.edgeStatuses).toContainEqual({ file: 'stream.flv', status: 200 });
    expect(visit.edgeStatuses.filter((s) => s.file !== 'stream.flv')).toEqual([]); // no HLS request at all
    expectOnlyLoopbackOrigins(visit);
  });

  it('plays over HLS (hls.js) when the company allows only HLS, never asking for FLV', async () => {
    if (!chromiumPath) return console.warn('chromium is not installed; skipped');
    const visit = await open(await signPlaybackToken(keys, { seminarId, companyId, protocols: ['hls'] }));
    await expectPlaying(visit, 'hls', 'hls.js');
    expect(visit.edgeStatuses.some((s) => s.file === 'index.m3u8' && s.status === 200)).toBe(true);
    expect(visit.edgeStatuses.some((s) => /^seg_\d+\.ts$/.test(s.file) && s.status === 200)).toBe(true);
    expect(visit.requests.filter((url) => url.endsWith('/stream.flv'))).toEqual([]);
    expectOnlyLoopbackOrigins(visit);
  });

  it('falls back to HLS when HTTP-FLV fails', async () => {
    if (!chromiumPath) return console.warn('chromium is not installed; skipped');
    const visit = await open(await signPlaybackToken(keys, { seminarId, companyId, protocols: ['flv', 'hls'] }), { blockFlv: true });
    await expectPlaying(visit, 'hls', 'hls.js');
    expect(visit.requests.some((url) => url.endsWith('/stream.flv'))).toBe(true); // tried first, failed
    // The aborted FLV request is reported by the page's console as a network failure, not a CSP one.
    expectOnlyLoopbackOrigins(visit);
  });

  it.each([
    ['tampered', async (): Promise<string> => tamper(await signPlaybackToken(keys, { seminarId, companyId }))],
    ['expired', (): Promise<string> => expiredPlaybackToken(keys, seminarId, companyId)],
  ])('plays nothing and shows the refusal for a %s token', async (kind, token) => {
    if (!chromiumPath) return console.warn('chromium is not installed; skipped');
    const visit = await open(await token());
    const refused = await waitFor(
      'the page to show the refusal',
      async () => {
        const s = await playerState(visit.page);
        return s.state === 'refused' ? s : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200, context: () => JSON.stringify(visit.edgeStatuses) },
    );
    expect(refused).toMatchObject({ currentTime: 0, decodedFrames: 0, protocol: null });
    expect(refused.message).toMatch(kind === 'expired' ? /expired/ : /refused/);
    // Every engine was tried against the edge (FLV first, then HLS) and none got media: the edge's
    // 401 carries no CORS header, so the page sees a failed request rather than the status.
    const asked = visit.requests.filter((url) => url.startsWith(`${standalone.mediaOrigin}/live/`));
    expect(new Set(asked.map((url) => url.split('/').pop()))).toEqual(new Set(['stream.flv', 'index.m3u8']));
    expect(visit.edgeStatuses.filter((s) => s.status === 200)).toEqual([]);
    // What the edge answers that token, read without the browser's CORS filter.
    for (const url of new Set(asked)) {
      const answer = await visit.context.request.get(url);
      expect({ file: url.split('/').pop(), status: answer.status() }).toEqual({ file: url.split('/').pop(), status: 401 });
      expect(((await answer.json()) as { code: string }).code).toBe(kind === 'expired' ? 'PLAYBACK.TOKEN_EXPIRED' : 'PLAYBACK.TOKEN_INVALID');
    }
    expectOnlyLoopbackOrigins(visit);
  });
});

/** A playback token that expired a minute ago (signed with the clock set back). */
async function expiredPlaybackToken(keys: KeySet, seminarId: string, companyId: string): Promise<string> {
  const realNow = Date.now;
  Date.now = () => realNow() - 5 * 60_000;
  try {
    return await signPlaybackToken(keys, { seminarId, companyId, expiresIn: 240 });
  } finally {
    Date.now = realNow;
  }
}
