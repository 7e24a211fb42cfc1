// The attendee's journey in a real browser, against the standalone process (web app, auth, cms and the
// media edge) and a presenter publishing with real ffmpeg over RTMPS with the stream key cms issued.
// The admin side is set up over the API (attendee-setup.ts); everything the attendee does happens in
// chromium: redeem the invitation link from the mailbox (click to confirm), register for the seminar
// from the page with the session cookie, open `watch.html#seminar=<id>` — no token in the link — and
// watch. cms issues 10-second playback tokens here (PLAYBACK_TOKEN_TTL_SECONDS), so within the test:
// (a) the page refreshes its token before expiry and playback carries on past the first token's
//     expiry without a restart (the position never goes back, the engine stays mpegts.js); then the
//     same over HLS (hls.js) once the company allows only HLS;
// (b) logging out from the page makes the edge refuse the current token and cut the stream, and the
//     page stops and says the viewer is signed out, within 5 s.
import { createTestDatabase, stopAllProcesses, testDatabaseUrl, waitFor, type TestDatabase } from '@webinar/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { publish, type Publisher, signPlaybackToken } from '../../../services/stream/test/support/media-fixtures';
import { callApi, invitationLink, prepareSeminar, type PreparedSeminar } from './attendee-setup';
import { chromiumOrSkip, launchChromium, type RunningStandalone, startStandalone } from './playback-topology';

jest.setTimeout(120_000);

const TOKEN_TTL_SECONDS = 10;

interface Sample {
  at: number;
  currentTime: number;
  state: string | null;
  code: string | null;
  engine: string | null;
  message: string;
  signInShown: boolean;
}

/** What the viewer sees: the video's position and engine, the status line and the sign-in link. */
async function sample(page: Page): Promise<Sample> {
  const seen = await page.evaluate(() => {
    // Typed structurally: this project has no DOM types.
    type Element = { dataset: Record<string, string | undefined>; textContent: string | null; hidden: boolean; currentTime: number };
    const doc = (globalThis as unknown as { document: { getElementById(id: string): Element } }).document;
    const video = doc.getElementById('player');
    const status = doc.getElementById('status');
    return {
      currentTime: video.currentTime,
      state: status.dataset['state'] ?? null,
      code: status.dataset['code'] ?? null,
      engine: video.dataset['engine'] ?? null,
      message: status.textContent ?? '',
      signInShown: !doc.getElementById('sign-in').hidden,
    };
  });
  return { at: Date.now(), ...seen };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Grant {
  at: number;
  token: string;
  expiresAt: string;
  edgeOrigin: string;
  protocols: string[];
}

/**
 * Playing throughout on one engine and never restarted (the position only moves forward), and
 * still advancing after `expiry`, the moment the token playback started with ran out, by more than
 * the player could have buffered before (mpegts.js keeps < 1 s, hls.js ~2–3 s).
 */
function expectContinuous(samples: Sample[], engine: string, expiry: number, minAdvanceSeconds: number): void {
  expect(samples.filter((s) => s.state !== 'playing' || s.engine !== engine)).toEqual([]);
  expect(samples.filter((s, i) => i > 0 && s.currentTime < samples[i - 1]!.currentTime)).toEqual([]);
  const atExpiry = samples.find((s) => s.at >= expiry);
  expect(samples.at(-1)!.currentTime - atExpiry!.currentTime).toBeGreaterThan(minAdvanceSeconds);
}

describe('attendee journey (standalone + chromium + ffmpeg presenter)', () => {
  let chromiumPath: string | undefined;
  let database: TestDatabase | undefined;
  let work: string;
  let dataDir: string;
  let standalone: RunningStandalone;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let presenter: Publisher | undefined;
  let seminar: PreparedSeminar;
  const attendeeEmail = `attendee-${randomUUID().slice(0, 8)}@example.test`;

  beforeAll(async () => {
    chromiumPath = chromiumOrSkip();
    if (!chromiumPath) return;
    const adminUrl = await testDatabaseUrl();
    database = adminUrl ? await createTestDatabase(adminUrl, 'e2ejourney') : undefined;
    work = mkdtempSync(join(tmpdir(), 'e2e-journey-'));
    dataDir = join(work, 'data');
    [standalone, browser] = await Promise.all([
      startStandalone({
        dataDir,
        ...(database ? { databaseUrl: database.url } : {}),
        env: { PLAYBACK_TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS) },
      }),
      launchChromium(chromiumPath),
    ]);
    const ca = readFileSync(join(dataDir, 'tls', 'cert.pem'));
    seminar = await prepareSeminar({ origin: standalone.webOrigin, ca, dataDir, attendeeEmail });
    presenter = publish({ url: seminar.publishUrl, seconds: 110, marker: 'ATTENDEE-E2E' });
    // Live on the edge before the attendee arrives (a probe token signed with the media key set).
    const probe = await signPlaybackToken(standalone.mediaKeys, { seminarId: seminar.seminarId, companyId: seminar.companyId, protocols: ['hls'] });
    const probeContext = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      await waitFor(
        'the stream to be live on the edge',
        async () => {
          const answer = await probeContext.request.get(`${standalone.mediaOrigin}/live/${seminar.seminarId}/${probe}/index.m3u8`);
          return answer.ok() && ((await answer.text()).match(/^seg_\d+\.ts$/gm) ?? []).length >= 2 ? true : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 300, context: () => standalone.process.output().slice(-3000) },
      );
    } finally {
      await probeContext.close();
    }
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await presenter?.stop();
    await stopAllProcesses();
    await database?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('signs in by invitation, registers, watches across token refreshes (HTTP-FLV and HLS), and is cut off at logout', async () => {
    if (!chromiumPath || !browser) return console.warn('chromium is not installed; skipped');
    const { webOrigin, mediaOrigin } = standalone;
    const { seminarId } = seminar;
    const ca = readFileSync(join(dataDir, 'tls', 'cert.pem'));
    context = await browser.newContext({ ignoreHTTPSErrors: true });
    const requests: Array<{ at: number; url: string }> = [];
    const grants: Grant[] = [];
    const tokenAnswers: number[] = [];
    const problems: string[] = [];
    context.on('request', (req) => requests.push({ at: Date.now(), url: req.url() }));
    context.on('response', (res) => {
      if (res.url() === `${webOrigin}/auth/token`) tokenAnswers.push(res.status());
      if (res.url() === `${webOrigin}/cms/seminars/${seminarId}/playback-token` && res.status() === 201) {
        const at = Date.now();
        void res.json().then((body: Omit<Grant, 'at'>) => grants.push({ at, ...body }));
      }
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
    });
    /** Samples what the viewer sees every 250 ms while `until` is false. */
    const watchWhile = async (until: () => boolean): Promise<Sample[]> => {
      const samples: Sample[] = [];
      while (!until()) {
        samples.push(await sample(page));
        await sleep(250);
      }
      return samples;
    };
    const playingOn = (engine: string): Promise<Sample> =>
      waitFor(
        `the page to play on ${engine}`,
        async () => {
          const s = await sample(page);
          return s.state === 'playing' && s.engine === engine && s.currentTime > 0 ? s : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 200, context: () => JSON.stringify({ problems, grants: grants.length }) },
      );
    const nextGrant = async (what: string): Promise<Grant> => {
      const count = grants.length;
      await waitFor(what, async () => (grants.length > count ? true : undefined), { timeoutMs: 15_000, intervalMs: 100 });
      return grants.at(-1)!;
    };
    const setProtocols = async (playbackProtocols: string[]): Promise<void> => {
      const answer = await callApi(webOrigin, ca, 'PUT', '/cms/settings', seminar.adminToken, { playbackProtocols });
      expect(answer.status).toBe(200);
    };
    const mediaRequests = (file: RegExp, after: number): Array<{ at: number; token: string }> =>
      requests
        .filter((r) => r.at >= after && r.url.startsWith(`${mediaOrigin}/live/${seminarId}/`) && file.test(r.url.split('/').at(-1) ?? ''))
        .map((r) => ({ at: r.at, token: r.url.split('/').at(-2) ?? '' }));

    // 1. Signing in the real way: the invitation link from the mailbox, confirmed with a click on the
    // browser app's link landing (only that POST consumes the link).
    const link = await waitFor('the invitation mail', async () => invitationLink(dataDir, attendeeEmail), { timeoutMs: 10_000 });
    expect(new URL(link).origin).toBe(webOrigin);
    await page.goto(link);
    await Promise.all([page.waitForURL(`${webOrigin}/`), page.getByRole('button', { name: 'Sign in' }).click()]);
    const session = (await context.cookies(webOrigin)).find((cookie) => cookie.name === '__Host-session');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });

    // 2. Registering from the page with the session, as a registration form would.
    const registered = await page.evaluate(async (id: string) => {
      const auth = await fetch('/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ audience: 'cms' }) });
      const { accessToken } = (await auth.json()) as { accessToken: string };
      const answer = await fetch(`/cms/seminars/${id}/registration`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } });
      return answer.status;
    }, seminarId);
    expect(registered).toBe(201);
    // Registering makes the prospect a customer; auth then revokes the tokens issued up to that
    // second (they still say prospect). The page would retry; the test just waits it out.
    await waitFor(
      'the attendee to become a customer',
      async () => {
        const role = await page.evaluate(async () => ((await (await fetch('/auth/session')).json()) as { user: { role: string } }).user.role);
        return role === 'customer' ? true : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    await sleep(1100);

    // 3. Watching: the link names the seminar only; the page gets its own playback token.
    const watch = `${webOrigin}/watch.html#seminar=${seminarId}`;
    const opened = await page.goto(watch);
    expect(opened?.status()).toBe(200);
    await playingOn('mpegts.js');
    const first = grants[0];
    if (!first) throw new Error('the page played without a playback token from cms');
    expect(first.edgeOrigin).toBe(mediaOrigin);
    const claims = JSON.parse(Buffer.from(first.token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iat: number; exp: number; sem: string };
    expect({ lifetime: claims.exp - claims.iat, sem: claims.sem }).toEqual({ lifetime: TOKEN_TTL_SECONDS, sem: seminarId });
    const firstExpiry = Date.parse(first.expiresAt);

    // (a) HTTP-FLV until well past the first token's expiry.
    const flv = await watchWhile(() => Date.now() > firstExpiry + 3_000);
    expect(grants.length).toBeGreaterThanOrEqual(2);
    expect(grants[1]!.at).toBeLessThan(firstExpiry); // refreshed before it expired
    const flvTokens = [...new Set(mediaRequests(/^stream\.flv$/, 0).map((r) => r.token))];
    expect(flvTokens.length).toBeGreaterThanOrEqual(2); // the stream moved to the refreshed token
    expect(flvTokens.filter((token) => !grants.some((g) => g.token === token))).toEqual([]);
    expectContinuous(flv, 'mpegts.js', firstExpiry, 1);

    // (a') The company allows HLS only from now on: the next token says so, and the page moves to
    // hls.js (a restart, by design); the token after that reaches hls.js without one.
    await setProtocols(['hls']);
    const hlsFirst = await waitFor(
      'a token for HLS only',
      async () => grants.find((g) => g.protocols.length === 1 && g.protocols[0] === 'hls'),
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    await playingOn('hls.js');
    const hlsExpiry = Date.parse(hlsFirst.expiresAt);
    const hls = await watchWhile(() => Date.now() > hlsExpiry + 5_000);
    const hlsNext = grants[grants.indexOf(hlsFirst) + 1];
    if (!hlsNext) throw new Error('no refresh while playing over HLS');
    // Every playlist and segment request shortly after the refresh carries the new token.
    const afterRefresh = mediaRequests(/^(index\.m3u8|seg_\d+\.ts)$/, hlsNext.at + 1_000);
    expect(afterRefresh.length).toBeGreaterThan(0);
    const current = new Set(grants.slice(grants.indexOf(hlsNext)).map((g) => g.token));
    expect(afterRefresh.filter((r) => !current.has(r.token))).toEqual([]);
    expectContinuous(hls, 'hls.js', hlsExpiry, 3.5);
    expect(mediaRequests(/^stream\.flv$/, hlsFirst.at + 500)).toEqual([]); // HLS only: no FLV asked for

    // Tokens travel in the media path only: no query string anywhere, never in the page's URL, never
    // in a URL of the web origin, nothing from another host.
    expect(page.url()).toBe(watch);
    const network = requests.map((r) => r.url).filter((url) => url.startsWith('https:'));
    expect(network.filter((url) => new URL(url).search !== '')).toEqual([]);
    expect(network.filter((url) => !url.startsWith(`${mediaOrigin}/live/`) && grants.some((g) => url.includes(g.token)))).toEqual([]);
    expect(network.filter((url) => ![webOrigin, mediaOrigin].includes(new URL(url).origin))).toEqual([]);

    // (b) Back to HTTP-FLV, then logging out from the page just after a refresh: the next scheduled
    // one is ≥ 6 s away, so telling the viewer within 5 s takes the edge cutting the stream
    // (revocation on the bus) and the page asking auth at once.
    await setProtocols(['flv', 'hls']);
    await playingOn('mpegts.js');
    const latest = (await nextGrant('the next refresh')).token;
    await waitFor('the stream to move to it', async () => (mediaRequests(/^stream\.flv$/, 0).some((r) => r.token === latest) ? true : undefined), {
      timeoutMs: 5_000,
      intervalMs: 100,
    });
    const loggedOut = await page.evaluate(async () => (await fetch('/auth/logout', { method: 'POST' })).status);
    expect(loggedOut).toBe(204);
    const refusal = await waitFor(
      'the edge to refuse the current token and the page to say the viewer is signed out',
      async () => {
        const s = await sample(page);
        if (s.state !== 'signed-out') return undefined;
        // The playlist answers at once (the FLV stream would not end while the token is good).
        const answer = await context!.request.get(`${mediaOrigin}/live/${seminarId}/${latest}/index.m3u8`);
        return answer.status() === 401 ? { page: s, code: ((await answer.json()) as { code: string }).code } : undefined;
      },
      { timeoutMs: 5_000, intervalMs: 200, context: () => JSON.stringify({ tokenAnswers }) },
    );
    expect(refusal.code).toBe('PLAYBACK.REVOKED');
    expect(refusal.page).toMatchObject({ state: 'signed-out', code: 'AUTH.UNAUTHENTICATED', engine: null, signInShown: true });
    expect(refusal.page.message).toMatch(/not signed in/);
    expect(tokenAnswers.at(-1)).toBe(401);
    const stoppedAt = await sample(page);
    await sleep(1_000);
    expect((await sample(page)).currentTime).toBe(stoppedAt.currentTime);
    expect(problems).toEqual([]);
  });
});
