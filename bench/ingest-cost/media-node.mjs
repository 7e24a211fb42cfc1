// The media tier as deployed (docs/media.md, "Scale-out"): the stream service as its own process
// (`services/stream/dist/main.js`, so build it first), in the role asked for, with a real RabbitMQ and no
// database, verifying with a JWKS served here in place of cms's. Shared by ingest-cost and edge-throughput.
//
// RabbitMQ: a vhost of its own (`webinar-bench`, created with rabbitmqctl when missing), so the events a
// benchmark publishes (thousands of viewer joins) never land in durable queues that test suites of the
// product declared on the default vhost. BENCH_AMQP_URL overrides (e.g. another broker).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { Agent, request } from 'node:https';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const BENCH_VHOST = 'webinar-bench';
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const freePort = () =>
  new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

/** Status code of an HTTPS GET (self-signed certificates accepted); 0 when it fails. */
export function httpsStatus(port, path) {
  const agent = new Agent({ rejectUnauthorized: false });
  return new Promise((res) => {
    const req = request({ host: '127.0.0.1', port, path, agent, timeout: 2000 }, (r) => {
      r.resume();
      r.on('end', () => res(r.statusCode));
    });
    req.on('error', () => res(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** The broker URL for benchmarks: BENCH_AMQP_URL, else guest on 127.0.0.1 in the bench vhost. */
export function benchAmqpUrl() {
  if (process.env.BENCH_AMQP_URL) return process.env.BENCH_AMQP_URL;
  const listed = spawnSync('rabbitmqctl', ['-q', 'list_vhosts'], { encoding: 'utf8', timeout: 60_000 });
  if (listed.status !== 0) throw new Error('rabbitmqctl is not available: set BENCH_AMQP_URL');
  if (!listed.stdout.split('\n').includes(BENCH_VHOST)) {
    for (const args of [['add_vhost', BENCH_VHOST], ['set_permissions', '-p', BENCH_VHOST, 'guest', '.*', '.*', '.*']]) {
      const done = spawnSync('rabbitmqctl', ['-q', ...args], { encoding: 'utf8', timeout: 60_000 });
      if (done.status !== 0) throw new Error(`rabbitmqctl ${args[0]} failed: ${done.stderr}`);
    }
  }
  return `amqp://guest:guest@127.0.0.1:5672/${BENCH_VHOST}`;
}

/** Removes the node's queue (and its dead-letter queue) so runs leave nothing behind on the broker. */
async function deleteNodeQueue(amqpUrl, instanceId) {
  const amqp = require(join(root, 'node_modules/amqplib'));
  const connection = await amqp.connect(amqpUrl);
  try {
    const channel = await connection.createChannel();
    for (const queue of [`stream.revocations.${instanceId}`, `stream.revocations.${instanceId}.dlq`]) await channel.deleteQueue(queue);
  } finally {
    await connection.close();
  }
}

/**
 * Starts a stream node. Returns its process, ports, the key set that signs its stream keys and playback
 * tokens (served as the JWKS), and stop().
 */
export async function startMediaNode({ dataDir, role = 'all', instanceId, nodeArgs = [], env = {}, main = join(root, 'services/stream/dist/main.js') }) {
  const { KeySet } = require(join(root, 'libs/security/dist/index.js'));
  const keys = await KeySet.generate({ use: 'sig' });
  // Stands in for cms and auth: the JWKS, and the internal routes a node calls (publish authorisation:
  // allowed; revocation snapshots: empty), as a deployed node needs them to serve at all.
  const internalSecretFile = join(dataDir, 'media-internal.secret');
  const internal = {
    '/cms/internal/stream-keys/authorize': { allowed: true },
    '/cms/internal/revocations': 'snapshot',
    '/auth/internal/revocations': 'snapshot',
  };
  const jwks = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const answer = internal[req.url ?? ''];
      res.writeHead(200, { 'content-type': 'application/json' });
      if (answer === undefined) res.end(JSON.stringify(keys.publicJwks()));
      else res.end(JSON.stringify(answer === 'snapshot' ? { takenAt: new Date().toISOString(), events: [] } : answer));
    });
  });
  await new Promise((r) => jwks.listen(0, '127.0.0.1', r));
  const amqpUrl = benchAmqpUrl();
  const [port, rtmpsPort] = [await freePort(), await freePort()];
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(internalSecretFile, randomBytes(32).toString('base64url'), { mode: 0o600 });
  const child = spawn(process.execPath, [...nodeArgs, main], {
    cwd: root,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      RTMPS_PORT: String(rtmpsPort),
      DATA_DIR: dataDir,
      STREAM_ROLE: role,
      INSTANCE_ID: instanceId,
      AMQP_URL: amqpUrl,
      PLAYBACK_JWKS_URL: `http://127.0.0.1:${jwks.address().port}/jwks.json`,
      AUTH_INTERNAL_URL: `http://127.0.0.1:${jwks.address().port}`,
      MEDIA_INTERNAL_SECRET_FILE: internalSecretFile,
      METRICS_PORT: '0',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
      ...env,
    },
    stdio: ['ignore', process.env.BENCH_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
  });
  for (let i = 0; (await httpsStatus(port, '/health/ready')) !== 200; i += 1) {
    if (child.exitCode !== null || i > 600) throw new Error(`the stream node (${role}) did not become ready`);
    await sleep(100);
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null) child.kill('SIGINT');
    for (let i = 0; child.exitCode === null && i < 50; i += 1) await sleep(100);
    if (child.exitCode === null) child.kill('SIGKILL');
    jwks.close();
    await deleteNodeQueue(amqpUrl, instanceId).catch(() => undefined);
  };
  return { child, port, rtmpsPort, keys, stop };
}
