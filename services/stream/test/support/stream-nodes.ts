// Stream nodes as separate processes (the built `services/stream/dist/main.js`, as deployed), on
// loopback, with a JWKS endpoint standing in for cms's and one certificate for every node. The same
// stand-in answers the internal routes a node calls (publish authorisation: allowed; revocation
// snapshots: empty), checking the internal credential, so nodes start as deployed (fail closed).
import type { StreamRole } from '../../src/stream.constants';
import { INTERNAL_PATHS } from '@webinar/contracts';
import { InternalCredential, type KeySet } from '@webinar/security';
import { freePort, type ServiceProcess, startProcess, waitFor } from '@webinar/testing';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { httpsGet } from './https-client';

export const repoRoot = resolve(__dirname, '../../../..');

export interface StreamNode {
  role: StreamRole;
  instanceId: string;
  process: ServiceProcess;
  /** The HTTPS port (viewer routes on `all`/`edge`, health on every role). */
  url: string;
  rtmpsPort?: number;
  originPort?: number;
}

export interface NodeLaunch {
  role: StreamRole;
  instanceId: string;
  dir: string;
  jwksUrl: string;
  tlsFiles: { cert: string; key: string };
  ca: Buffer;
  amqpUrl?: string;
  env?: Record<string, string>;
}

/** The internal secret every stand-in and node of these tests shares. */
export const TEST_INTERNAL_SECRET = 'stream-nodes-test-internal-secret-0123456789';
const internalCredential = InternalCredential.fromSecret(TEST_INTERNAL_SECRET);

/**
 * Serves the key set's public keys like cms's /cms/.well-known/jwks.json, and cms's and auth's
 * internal routes for the media tier (signed requests only; 401 otherwise).
 */
export async function serveJwks(keys: KeySet): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      const text = Buffer.concat(chunks).toString('utf8');
      const answer = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const internal = (Object.values(INTERNAL_PATHS) as string[]).includes(path);
      if (!internal) return answer(200, keys.publicJwks());
      const body: unknown = text ? JSON.parse(text) : undefined;
      if (!internalCredential.verify(req.headers, req.method ?? '', path, body)) return answer(401, { code: 'INTERNAL.UNAUTHENTICATED' });
      if (path === INTERNAL_PATHS.authorizePublish) return answer(200, { allowed: true });
      return answer(200, { takenAt: new Date().toISOString(), events: [] });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/jwks.json`, server };
}

export async function launchNode(opts: NodeLaunch): Promise<StreamNode> {
  const port = await freePort();
  const rtmpsPort = opts.role === 'edge' ? undefined : await freePort();
  const originPort = opts.role === 'edge' ? undefined : await freePort();
  const dataDir = join(opts.dir, opts.instanceId);
  mkdirSync(dataDir, { recursive: true });
  const secretFile = join(dataDir, 'media-internal.secret');
  writeFileSync(secretFile, TEST_INTERNAL_SECRET, { mode: 0o600 });
  const standIn = new URL(opts.jwksUrl).origin;
  const proc = startProcess({
    name: opts.instanceId,
    command: process.execPath,
    args: ['--enable-source-maps', join(repoRoot, 'services/stream/dist/main.js')],
    env: {
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      STREAM_ROLE: opts.role,
      INSTANCE_ID: opts.instanceId,
      PLAYBACK_JWKS_URL: opts.jwksUrl,
      MEDIA_INTERNAL_SECRET_FILE: secretFile,
      CMS_INTERNAL_URL: standIn,
      AUTH_INTERNAL_URL: standIn,
      TLS_CERT_FILE: opts.tlsFiles.cert,
      TLS_KEY_FILE: opts.tlsFiles.key,
      ...(opts.amqpUrl ? { AMQP_URL: opts.amqpUrl } : {}),
      ...(rtmpsPort ? { RTMPS_PORT: String(rtmpsPort) } : {}),
      ...(originPort ? { ORIGIN_PORT: String(originPort) } : {}),
      ...(process.env['FFMPEG_PATH'] ? { FFMPEG_PATH: process.env['FFMPEG_PATH'] } : {}),
      ...(opts.env ?? {}),
    },
  });
  const url = `https://127.0.0.1:${port}`;
  await waitFor(
    `${opts.instanceId} to be ready`,
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`${opts.instanceId} exited with ${proc.child.exitCode}`);
      return (await httpsGet(`${url}/health/ready`, opts.ca)).status === 200 ? true : undefined;
    },
    { timeoutMs: 45_000, context: () => proc.output().slice(-3000) },
  );
  return {
    role: opts.role,
    instanceId: opts.instanceId,
    process: proc,
    url,
    ...(rtmpsPort ? { rtmpsPort } : {}),
    ...(originPort ? { originPort } : {}),
  };
}
