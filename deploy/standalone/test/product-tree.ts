// The standalone product as a person runs it (`npm start`: tools/supervise.mjs → the built
// deploy/standalone/dist/main.js, the web tier → its media child), for the process tests: started in
// its own process group so that a test can send it a terminal's Ctrl-C, with its whole output kept.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { Agent, request } from 'node:https';
import { join, resolve } from 'node:path';
import { freePort, waitFor } from '@webinar/testing';

export const repoRoot = resolve(__dirname, '../../..');
const agent = new Agent({ rejectUnauthorized: false });

export interface ProductPorts {
  port: number;
  streamPort: number;
  rtmpsPort: number;
}

export interface RunningProduct {
  supervisor: ChildProcess;
  ports: ProductPorts;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function freePorts(): Promise<ProductPorts> {
  return { port: await freePort(), streamPort: await freePort(), rtmpsPort: await freePort() };
}

export function startProduct(opts: { dataDir: string; ports: ProductPorts; env?: Record<string, string> }): RunningProduct {
  const supervisor = spawn(process.execPath, [join(repoRoot, 'tools/supervise.mjs')], {
    cwd: repoRoot,
    // Its own process group: the test sends SIGINT to the group, as a terminal's Ctrl-C does.
    detached: true,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      DATA_DIR: opts.dataDir,
      HOST: '127.0.0.1',
      PUBLIC_HOST: '127.0.0.1',
      PORT: String(opts.ports.port),
      STREAM_PORT: String(opts.ports.streamPort),
      RTMPS_PORT: String(opts.ports.rtmpsPort),
      PRINT_BANNER: 'false',
      LOG_LEVEL: 'info',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-400_000);
  };
  supervisor.stdout?.on('data', keep);
  supervisor.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    supervisor.once('exit', (code, signal) => done({ code, signal })),
  );
  return { supervisor, ports: opts.ports, output: () => output, exited };
}

/** GET over HTTPS (the product's own self-signed certificate); undefined when nothing answered. */
export function httpsStatus(port: number, path: string, headers: Record<string, string> = {}): Promise<number | undefined> {
  return new Promise((done) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers, timeout: 2_000 }, (res) => {
      res.resume();
      done(res.statusCode);
    });
    req.on('error', () => done(undefined));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

export function readyStatus(port: number): Promise<number | undefined> {
  return httpsStatus(port, '/health/ready');
}

export async function waitReady(product: RunningProduct, what: string): Promise<void> {
  await waitFor(
    what,
    async () => {
      const web = await readyStatus(product.ports.port);
      const media = await readyStatus(product.ports.streamPort);
      return web === 200 && media === 200 ? true : undefined;
    },
    { timeoutMs: 120_000, context: () => product.output().slice(-5000) },
  );
}

/** The processes `pid` started (its direct children). */
export function childPids(pid: number): number[] {
  const out = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.trim();
  return out
    .split('\n')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

/** The one child `pid` started, if it has one. */
export function onlyChild(pid: number | undefined): number | undefined {
  return pid === undefined ? undefined : childPids(pid)[0];
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGKILL to the whole group (the supervisor, the web tier, the media child). */
export function killGroup(product: RunningProduct): void {
  if (product.supervisor.exitCode !== null || !product.supervisor.pid) return;
  try {
    process.kill(-product.supervisor.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export function closeAgent(): void {
  agent.destroy();
}

/**
 * A terminal's Ctrl-C (SIGINT to the whole group) and what followed: the supervisor's exit (or
 * 'hung' after 60 s), whether each tier said it stopped cleanly, and which of the tree still runs.
 */
export async function pressCtrlC(product: RunningProduct): Promise<{
  exit: { code: number | null; signal: NodeJS.Signals | null } | 'hung';
  mediaSaid: boolean;
  webSaid: boolean;
  left: number[];
}> {
  const web = onlyChild(product.supervisor.pid);
  const tree = [web, onlyChild(web)].filter((pid): pid is number => pid !== undefined);
  process.kill(-(product.supervisor.pid ?? 0), 'SIGINT');
  const exit = await Promise.race([product.exited, new Promise<'hung'>((done) => setTimeout(() => done('hung'), 60_000).unref())]);
  const output = product.output();
  return {
    exit,
    mediaSaid: output.includes('media tier stopped cleanly'),
    webSaid: /"service":"standalone"[^\n]*"msg":"stopped cleanly"/.test(output),
    left: tree.filter(alive),
  };
}
