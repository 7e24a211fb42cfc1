// The browser tier's end-to-end setup: the standalone process (web app + media edge + RTMPS ingest, on
// loopback), a presenter publishing with real ffmpeg over RTMPS, and Debian's chromium driven by
// playwright-core opening the viewer page. Shared by the browser-playback test and (in spirit) the
// glass-to-glass benchmark.
import { loadOrCreateKeySet, type KeySet } from '@webinar/security';
import { freePort, infraRequired, startProcess, waitFor, type ServiceProcess } from '@webinar/testing';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from './topology';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** What the issue prescribes: headless, no sandbox (root in CI), nothing phoning home. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Debian's chromium, or undefined when it is absent and not required. With REQUIRE_INFRA=1 (CI,
 * whose .ci/run installs it) a missing browser fails the test rather than skipping it.
 */
export function chromiumOrSkip(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  if (infraRequired()) {
    throw new Error(`REQUIRE_INFRA=1 but chromium is missing at ${CHROMIUM_PATH} (apt-get install chromium; .ci/run installs it)`);
  }
  return undefined;
}

/** A fresh browser (playwright-core launches it with a new temporary profile). */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

export interface RunningStandalone {
  process: ServiceProcess;
  /** https://127.0.0.1:<PORT>: serves the browser app (watch.html). */
  webOrigin: string;
  /** https://127.0.0.1:<STREAM_PORT>: the media edge. */
  mediaOrigin: string;
  rtmpsPort: number;
  /** The key set cms signs stream keys and playback tokens with (<DATA_DIR>/keys/media.json). */
  mediaKeys: KeySet;
}

/** GET over HTTPS trusting only the standalone's own certificate. */
function status(url: string, ca: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { ca, agent: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** `env`: extra environment for the process (e.g. a short PLAYBACK_TOKEN_TTL_SECONDS). */
export async function startStandalone(opts: { dataDir: string; databaseUrl?: string; env?: Record<string, string> }): Promise<RunningStandalone> {
  const [port, streamPort, rtmpsPort] = [await freePort(), await freePort(), await freePort()];
  const proc = startProcess({
    name: 'standalone',
    command: process.execPath,
    args: ['--enable-source-maps', join(repoRoot, 'deploy/standalone/dist/main.js')],
    env: {
      HOST: '127.0.0.1',
      // The web app's origin is what the edge allows for CORS: the browser must use the same host.
      PUBLIC_HOST: '127.0.0.1',
      PORT: String(port),
      STREAM_PORT: String(streamPort),
      RTMPS_PORT: String(rtmpsPort),
      DATA_DIR: opts.dataDir,
      PRINT_BANNER: 'false',
      LOG_LEVEL: 'warn',
      ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
      ...(opts.env ?? {}),
    },
  });
  const webOrigin = `https://127.0.0.1:${port}`;
  const mediaOrigin = `https://127.0.0.1:${streamPort}`;
  const certFile = join(opts.dataDir, 'tls', 'cert.pem');
  await waitFor(
    'the standalone process to be ready',
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`standalone exited with ${proc.child.exitCode}`);
      if (!existsSync(certFile)) return undefined;
      const ca = readFileSync(certFile);
      const ready = (await status(`${webOrigin}/health/ready`, ca)) === 200 && (await status(`${mediaOrigin}/health/ready`, ca)) === 200;
      return ready ? true : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250, context: () => proc.output().slice(-3000) },
  );
  const mediaKeys = await loadOrCreateKeySet({ dir: join(opts.dataDir, 'keys'), name: 'media', use: 'sig' });
  return { process: proc, webOrigin, mediaOrigin, rtmpsPort, mediaKeys };
}

/** The viewer page's link: everything rides in the fragment, which no server ever receives. */
export function watchUrl(standalone: RunningStandalone, seminarId: string, token: string): string {
  const fragment = new URLSearchParams({ seminar: seminarId, token, edge: standalone.mediaOrigin });
  return `${standalone.webOrigin}/watch.html#${fragment.toString()}`;
}

/** A token whose signature no longer matches (one character of the signature changed). */
export function tamper(token: string): string {
  const at = token.lastIndexOf('.') + 5;
  const swapped = token[at] === 'A' ? 'B' : 'A';
  return token.slice(0, at) + swapped + token.slice(at + 1);
}
