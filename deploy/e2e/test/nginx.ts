// Runs the real nginx with the product's configuration (nginx/webinar.conf.template rendered by
// nginx/render.mjs, the operator's path) in front of services started by the test, and talks to it
// over TLS with the right server name, as a browser on the web app's host would.
import { freePort, startProcess, waitFor, type ServiceProcess } from '@webinar/testing';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request, type RequestOptions } from 'node:https';
import { join } from 'node:path';
import { connect, type ConnectionOptions } from 'node:tls';
import { repoRoot } from './topology';

export const NGINX_SERVER_NAME = 'webinar.test';

export interface RunningNginx {
  process: ServiceProcess;
  port: number;
  certificate: string;
  accessLog: () => string;
}

export interface NginxLaunch {
  workDir: string;
  upstreams: { auth: string; cms: string; polls: string };
  /** Extra render variables (rate limits for a test, say). */
  env?: Record<string, string>;
}

/** Starts nginx in the foreground; resolves once it answers its own health location. */
export async function launchNginx(opts: NginxLaunch): Promise<RunningNginx> {
  const dir = join(opts.workDir, 'nginx');
  for (const sub of ['run', 'log']) mkdirSync(join(dir, sub), { recursive: true });
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-keyout', key, '-out', cert, '-subj', `/CN=${NGINX_SERVER_NAME}`, '-addext', `subjectAltName=DNS:${NGINX_SERVER_NAME}`,
  ], { stdio: 'ignore' });
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  // nginx's workers (user nobody when the test runs as root) read the app's files themselves; a
  // checkout or work folder under a private (0700) directory would be invisible to them, so the
  // built app is served from a copy they can reach.
  const webRoot = mkdtempSync(join(tmpdir(), 'webinar-web-root-'));
  cpSync(join(repoRoot, 'services/web/dist/public'), webRoot, { recursive: true });
  chmodSync(webRoot, 0o755);
  execFileSync(process.execPath, [join(repoRoot, 'nginx/render.mjs'), '--out', conf], {
    env: {
      SERVER_NAME: NGINX_SERVER_NAME,
      LISTEN: `127.0.0.1:${port}`,
      TLS_CERT_FILE: cert,
      TLS_KEY_FILE: key,
      AUTH_UPSTREAM: opts.upstreams.auth,
      CMS_UPSTREAM: opts.upstreams.cms,
      POLLS_UPSTREAM: opts.upstreams.polls,
      WEB_ROOT: webRoot,
      MEDIA_ORIGIN: 'https://media.webinar.test:8444',
      RUNTIME_DIR: join(dir, 'run'),
      LOG_DIR: join(dir, 'log'),
      WORKER_PROCESSES: '1',
      ...(opts.env ?? {}),
    },
  });
  const proc = startProcess({ name: 'nginx', command: 'nginx', args: ['-p', dir, '-c', conf], env: {} });
  void proc.exited().then(() => rmSync(webRoot, { recursive: true, force: true }));
  const certificate = readFileSync(cert, 'utf8');
  const running: RunningNginx = { process: proc, port, certificate, accessLog: () => readFileSync(join(dir, 'log', 'access.log'), 'utf8') };
  await waitFor(
    'nginx to answer',
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`nginx exited with ${proc.child.exitCode}`);
      return (await viaNginx(running, { path: '/nginx-health' })).status === 204 ? true : undefined;
    },
    { timeoutMs: 15_000, context: () => proc.output() },
  );
  return running;
}

export interface NginxResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface NginxRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  tls?: Pick<RequestOptions, 'minVersion' | 'maxVersion' | 'ciphers'>;
}

/** One HTTPS request to nginx with SNI and Host set to the web app's name, verifying its certificate. */
export function viaNginx(nginx: RunningNginx, req: NginxRequest): Promise<NginxResponse> {
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: '127.0.0.1',
        port: nginx.port,
        method: req.method ?? 'GET',
        path: req.path,
        servername: NGINX_SERVER_NAME,
        ca: nginx.certificate,
        agent: false,
        headers: {
          host: NGINX_SERVER_NAME,
          ...(req.body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(req.body)) }),
          ...(req.headers ?? {}),
        },
        ...(req.tls ?? {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    r.on('error', reject);
    r.setTimeout(15_000, () => r.destroy(new Error('timeout')));
    r.end(req.body);
  });
}

export type HandshakeResult = { agreed: true; protocol: string | null; cipher: string } | { agreed: false; reason: string };

/** Attempts a TLS handshake with the given client constraints; resolves with what was agreed, or why not. */
export function handshake(nginx: RunningNginx, opts: ConnectionOptions): Promise<HandshakeResult> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: nginx.port, servername: NGINX_SERVER_NAME, ca: nginx.certificate, ...opts }, () => {
      const result = { agreed: true as const, protocol: socket.getProtocol(), cipher: socket.getCipher().name };
      socket.end();
      resolve(result);
    });
    socket.once('error', (error) => resolve({ agreed: false, reason: error.message }));
    socket.setTimeout(10_000, () => socket.destroy(new Error('timeout')));
  });
}
