// The standalone product as a person runs it, under the supervisor that `npm start` uses
// (tools/supervise.mjs, the built deploy/standalone/dist/main.js): a product process that dies is
// started again at once, and Ctrl-C (SIGINT to the whole process group, as a terminal sends it) stops
// everything cleanly with exit status 0.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, waitFor } from '@webinar/testing';

const root = resolve(__dirname, '../../..');
const agent = new Agent({ rejectUnauthorized: false });

function readyStatus(port: number): Promise<number | undefined> {
  return new Promise((done) => {
    const req = request({ host: '127.0.0.1', port, path: '/health/ready', agent, timeout: 2_000 }, (res) => {
      res.resume();
      done(res.statusCode);
    });
    req.on('error', () => done(undefined));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** The product process the supervisor runs (its only child). */
function productPid(supervisorPid: number): number | undefined {
  const out = spawnSync('pgrep', ['-P', String(supervisorPid)], { encoding: 'utf8' }).stdout.trim();
  const pid = Number(out.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('standalone under its supervisor', () => {
  jest.setTimeout(180_000);
  let dataDir: string;
  let supervisor: ChildProcess;
  let output = '';
  let port: number;
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  beforeAll(async () => {
    expect(existsSync(join(root, 'deploy/standalone/dist/main.js'))).toBe(true);
    dataDir = mkdtempSync(join(tmpdir(), 'standalone-process-'));
    port = await freePort();
    supervisor = spawn(process.execPath, [join(root, 'tools/supervise.mjs')], {
      cwd: root,
      // Its own process group: the test sends SIGINT to the group, as a terminal's Ctrl-C does.
      detached: true,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        DATA_DIR: dataDir,
        HOST: '127.0.0.1',
        PORT: String(port),
        STREAM_PORT: String(await freePort()),
        RTMPS_PORT: String(await freePort()),
        PRINT_BANNER: 'false',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-200_000);
    };
    supervisor.stdout?.on('data', keep);
    supervisor.stderr?.on('data', keep);
    exited = new Promise((done) => supervisor.once('exit', (code, signal) => done({ code, signal })));
    await waitFor('the standalone to be ready', async () => ((await readyStatus(port)) === 200 ? true : undefined), {
      timeoutMs: 120_000,
      context: () => output,
    });
  });

  afterAll(async () => {
    if (supervisor?.exitCode === null && supervisor.pid) {
      try {
        process.kill(-supervisor.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    agent.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts the product again at once when its process dies', async () => {
    const first = productPid(supervisor.pid ?? 0);
    expect(first).toBeDefined();

    process.kill(first ?? 0, 'SIGKILL');

    await waitFor('the dead process to be gone', async () => (alive(first ?? 0) ? undefined : true));
    const second = await waitFor('a new product process', async () => {
      const pid = productPid(supervisor.pid ?? 0);
      return pid !== undefined && pid !== first ? pid : undefined;
    });
    await waitFor('the restarted standalone to be ready', async () => ((await readyStatus(port)) === 200 ? true : undefined), {
      timeoutMs: 120_000,
      context: () => output,
    });
    expect(supervisor.exitCode).toBeNull();
    expect(alive(second)).toBe(true);
    expect(output).toContain('restarting');
  });

  it('stops cleanly on Ctrl-C, with exit status 0 and nothing left running', async () => {
    const product = productPid(supervisor.pid ?? 0);

    process.kill(-(supervisor.pid ?? 0), 'SIGINT');
    const result = await Promise.race([
      exited,
      new Promise<'hung'>((done) => setTimeout(() => done('hung'), 60_000)),
    ]);

    expect(result).toEqual({ code: 0, signal: null });
    expect(output).toContain('stopped cleanly');
    expect(alive(product ?? 0)).toBe(false);
  });
});
