// The standalone product as a person runs it, under the supervisor that `npm start` uses
// (tools/supervise.mjs, the built deploy/standalone/dist/main.js, which forks its media tier): a
// product process that dies is started again at once, its media child with it (an orphaned child
// leaves at once), and Ctrl-C (SIGINT to the whole process group, as a terminal sends it) stops
// everything cleanly with exit status 0. The media child's own faults: media-child.int-spec.ts.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '@webinar/testing';
import {
  alive,
  pressCtrlC,
  closeAgent,
  freePorts,
  killGroup,
  onlyChild,
  readyStatus,
  repoRoot,
  type RunningProduct,
  startProduct,
  waitReady,
} from './product-tree';

describe('standalone under its supervisor', () => {
  jest.setTimeout(180_000);
  let dataDir: string;
  let product: RunningProduct;
  let metricsPort: number;
  let mediaMetricsPort: number;

  beforeAll(async () => {
    expect(existsSync(join(repoRoot, 'deploy/standalone/dist/main.js'))).toBe(true);
    dataDir = mkdtempSync(join(tmpdir(), 'standalone-process-'));
    metricsPort = await freePort();
    mediaMetricsPort = await freePort();
    product = startProduct({
      dataDir,
      ports: await freePorts(),
      env: { METRICS_PORT: String(metricsPort), MEDIA_METRICS_PORT: String(mediaMetricsPort) },
    });
    await waitReady(product, 'the standalone to be ready');
  });

  afterAll(async () => {
    if (product) {
      killGroup(product);
      await product.exited;
    }
    closeAgent();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives a single-operator install a break-glass secret of its own, 0600 under DATA_DIR and never in its output', () => {
    const file = join(dataDir, 'keys', 'break-glass.secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const secret = readFileSync(file, 'utf8').trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(product.output()).not.toContain(secret);
  });

  it("serves each tier's metrics from its own process, on loopback", async () => {
    const scrape = async (port: number): Promise<string> => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(await scrape(metricsPort)).toMatch(/^process_cpu_user_seconds_total\{service="standalone"\}/m);
    expect(await scrape(mediaMetricsPort)).toMatch(/^process_cpu_user_seconds_total\{service="standalone-media"\}/m);
  });

  it('starts the product again at once when its process dies, and its media child leaves with it', async () => {
    const supervisorPid = product.supervisor.pid ?? 0;
    const first = onlyChild(supervisorPid);
    const firstMedia = onlyChild(first);
    expect(first).toBeDefined();
    expect(firstMedia).toBeDefined();

    process.kill(first ?? 0, 'SIGKILL');

    await waitFor('the dead process to be gone', async () => (alive(first ?? 0) ? undefined : true));
    await waitFor('its media child to leave', async () => (alive(firstMedia ?? 0) ? undefined : true));
    const second = await waitFor('a new product process', async () => {
      const pid = onlyChild(supervisorPid);
      return pid !== undefined && pid !== first ? pid : undefined;
    });
    await waitReady(product, 'the restarted standalone to be ready');
    expect(product.supervisor.exitCode).toBeNull();
    expect(alive(second)).toBe(true);
    expect(onlyChild(second)).toBeDefined();
    expect(await readyStatus(product.ports.port)).toBe(200);
    expect(product.output()).toContain('restarting');
  });

  it('stops cleanly on Ctrl-C, with exit status 0 and nothing left running', async () => {

    expect(await pressCtrlC(product)).toEqual({ exit: { code: 0, signal: null }, mediaSaid: true, webSaid: true, left: [] });
  });
});
