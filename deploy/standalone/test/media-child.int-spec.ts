// The standalone's media tier as a supervised child of the web tier, tried on the real product tree
// (tools/supervise.mjs → web tier → media child) with a real ffmpeg publisher over RTMPS, on
// PostgreSQL:
// - a SIGKILL of the media child during a live publish: the web tier answers every request meanwhile,
//   the child is back at once, the presenter publishes again and the seminar stays live;
// - Ctrl-C during a live publish: exit status 0, "stopped cleanly", no HLS segment left, and the
//   seminar is no longer live once the product is started again;
// - a SIGKILL of the whole tree during a live publish: the next start ends the stream the crash left
//   live (the live-stream ledger, ADR-9) once the reconnect grace window has passed.
import { createTestDatabase, testDatabaseUrl, type TestDatabase, waitFor } from '@webinar/testing';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessToken, callApi, prepareSeminar, type PreparedSeminar } from './attendee-setup';
import { FFMPEG, ffmpegAvailable } from './ffmpeg';
import {
  alive,
  pressCtrlC,
  closeAgent,
  freePorts,
  httpsStatus,
  killGroup,
  onlyChild,
  type ProductPorts,
  type RunningProduct,
  startProduct,
  waitReady,
} from './product-tree';

jest.setTimeout(300_000);

/** A presenter streaming until stopped (OBS would stream for the whole seminar). */
function startPublisher(publishUrl: string): ChildProcess {
  return spawn(
    FFMPEG,
    [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-re',
      '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
      '-t', '600', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25', '-pix_fmt', 'yuv420p', '-c:a', 'aac',
      '-f', 'flv', publishUrl,
    ],
    { stdio: 'ignore' },
  );
}

function stopPublisher(publisher: ChildProcess | undefined): Promise<void> {
  if (!publisher || publisher.exitCode !== null || publisher.signalCode !== null) return Promise.resolve();
  const gone = new Promise<void>((done) => publisher.once('exit', () => done()));
  publisher.kill('SIGKILL');
  return gone;
}

/** Files under DATA_DIR/hls (playlists and segments). */
function hlsFiles(dataDir: string): string[] {
  const root = join(dataDir, 'hls');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function ledgerSeminars(dataDir: string): string[] {
  const path = join(dataDir, 'live-streams.json');
  if (!existsSync(path)) return [];
  return (JSON.parse(readFileSync(path, 'utf8')) as { live: Array<{ seminarId: string }> }).live.map((entry) => entry.seminarId);
}

describe('standalone: the media tier as a supervised child process', () => {
  let database: TestDatabase | undefined;
  let dataDir: string;
  let ports: ProductPorts;
  let product: RunningProduct | undefined;
  let publisher: ChildProcess | undefined;
  /** The seminar the first test left live. */
  let streaming: PreparedSeminar | undefined;

  const webOrigin = (): string => `https://127.0.0.1:${ports.port}`;
  const ca = (): Buffer => readFileSync(join(dataDir, 'tls', 'cert.pem'));
  const start = async (env: Record<string, string> = {}): Promise<RunningProduct> => {
    const started = startProduct({ dataDir, ports, env: { DATABASE_URL: database?.url ?? '', ...env } });
    product = started;
    await waitReady(started, 'the standalone to be ready');
    return started;
  };
  const seminarState = async (seminar: PreparedSeminar): Promise<string | undefined> => {
    const admin = await accessToken(dataDir, { userId: randomUUID(), companyId: seminar.companyId, role: 'admin' }, 'cms');
    const answer = await callApi(webOrigin(), ca(), 'GET', `/cms/seminars/${seminar.seminarId}`, admin);
    return answer.status === 200 ? (answer.body as { state?: string }).state : undefined;
  };
  const waitState = (seminar: PreparedSeminar, state: string, what: string, timeoutMs = 30_000): Promise<true> =>
    waitFor(what, async () => ((await seminarState(seminar)) === state ? true : undefined), {
      timeoutMs,
      intervalMs: 250,
      context: () => product?.output().slice(-4000) ?? '',
    });
  const goLive = async (): Promise<PreparedSeminar> => {
    const seminar = await prepareSeminar({
      origin: webOrigin(),
      ca: ca(),
      dataDir,
      attendeeEmail: `${randomUUID()}@example.test`,
      companyName: `Media child ${randomUUID()}`,
    });
    publisher = startPublisher(seminar.publishUrl);
    await waitState(seminar, 'live', 'the seminar to go live');
    await waitFor('HLS segments to be written', async () => (hlsFiles(dataDir).some((f) => f.endsWith('.ts')) ? true : undefined), {
      timeoutMs: 30_000,
    });
    return seminar;
  };
  const skipped = (): boolean => {
    if (!database) console.warn('PostgreSQL or ffmpeg is not available; skipped');
    return database === undefined;
  };

  beforeAll(async () => {
    const adminUrl = await testDatabaseUrl();
    if (!adminUrl || !ffmpegAvailable()) return;
    database = await createTestDatabase(adminUrl, 'standalonemediachild');
    dataDir = mkdtempSync(join(tmpdir(), 'standalone-media-child-'));
    ports = await freePorts();
  });

  afterAll(async () => {
    await stopPublisher(publisher);
    if (product) {
      killGroup(product);
      await product.exited;
    }
    closeAgent();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the web tier serving while the media child is killed and restarted, and the presenter publishes again', async () => {
    if (skipped()) return;
    // Longer than the child's restart: OBS reconnects within it and the seminar carries on.
    const running = await start({ RECONNECT_GRACE_SECONDS: '60' });
    const seminar = await goLive();
    streaming = seminar;
    const web = onlyChild(running.supervisor.pid);
    const media = onlyChild(web);
    expect(web).toBeDefined();
    expect(media).toBeDefined();

    // Health and a real API call, every 100 ms, from before the kill until the child is back.
    let polls = 0;
    const failures: string[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const live = await httpsStatus(ports.port, '/health/live');
        const state = await seminarState(seminar).catch(() => undefined);
        polls += 1;
        if (live !== 200) failures.push(`/health/live answered ${String(live)}`);
        if (state === undefined) failures.push('GET /cms/seminars/:id failed');
        await new Promise((done) => setTimeout(done, 100));
      }
    })();

    const outputBefore = running.output().length;
    process.kill(media ?? 0, 'SIGKILL');
    await waitFor('the killed media child to be gone', async () => (alive(media ?? 0) ? undefined : true));
    const second = await waitFor('a new media child', async () => {
      const pid = onlyChild(web);
      return pid !== undefined && pid !== media ? pid : undefined;
    });
    await waitReady(running, 'the restarted media tier to be ready');
    // The presenter's connection went with the child; OBS reconnects.
    await waitFor('the publisher to notice', async () => (publisher?.exitCode !== null || publisher.signalCode !== null ? true : undefined));
    publisher = startPublisher(seminar.publishUrl);
    await waitFor(
      'the presenter to be back',
      async () => (running.output().slice(outputBefore).includes('stream resumed') ? true : undefined),
      { timeoutMs: 30_000, context: () => running.output().slice(outputBefore).slice(-4000) },
    );
    await waitFor('HLS segments again', async () => (hlsFiles(dataDir).some((f) => f.endsWith('.ts')) ? true : undefined), {
      timeoutMs: 30_000,
    });
    polling = false;
    await poller;

    expect(failures).toEqual([]);
    expect(polls).toBeGreaterThan(10);
    expect(onlyChild(running.supervisor.pid)).toBe(web);
    expect(alive(second)).toBe(true);
    expect(running.output().slice(outputBefore)).toContain('media tier stopped unexpectedly; restarting');
    expect(await seminarState(seminar)).toBe('live');
  });

  it('stops cleanly on Ctrl-C during a live publish: exit 0, streams ended, no segments left', async () => {
    if (skipped() || !product || !streaming) return;
    const running = product;
    const seminar = streaming;
    expect(ledgerSeminars(dataDir)).toEqual([seminar.seminarId]);
    expect(hlsFiles(dataDir).length).toBeGreaterThan(0);

    expect(await pressCtrlC(running)).toEqual({ exit: { code: 0, signal: null }, mediaSaid: true, webSaid: true, left: [] });
    expect(hlsFiles(dataDir)).toEqual([]);
    expect(ledgerSeminars(dataDir)).toEqual([]);
    await stopPublisher(publisher);

    // Started again: the seminar is over (its end was written before the stop), nothing reconciled.
    const again = await start();
    expect(await seminarState(seminar)).toBe('ended');
    expect(again.output()).not.toContain('stream left live by a crash');
  });

  it('ends, at the next start, a stream that a SIGKILL of the whole tree left live', async () => {
    if (skipped() || !product) return;
    const seminar = await goLive();
    expect(ledgerSeminars(dataDir)).toEqual([seminar.seminarId]);

    killGroup(product);
    await product.exited;
    await stopPublisher(publisher);
    // What the crash left: the seminar live in cms, its segments on disk, the ledger naming it.
    expect(ledgerSeminars(dataDir)).toEqual([seminar.seminarId]);
    expect(hlsFiles(dataDir).length).toBeGreaterThan(0);

    const again = await start({ RECONNECT_GRACE_SECONDS: '2' });
    expect(hlsFiles(dataDir)).toEqual([]);
    await waitState(seminar, 'ended', 'the seminar left live by the crash to end');
    expect(again.output()).toContain('stream left live by a crash');
    expect(ledgerSeminars(dataDir)).toEqual([]);
  });
});
