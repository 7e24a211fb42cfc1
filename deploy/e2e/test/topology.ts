// Runs auth and cms as separate processes (the microservices shape) against the real PostgreSQL and
// RabbitMQ, each with OpenTelemetry preloaded and its spans written to a file the test can read.
import { ACCESS_TOKEN_ISSUER } from '@webinar/http';
import { issueAccessToken, KeySet } from '@webinar/security';
import { freePort, startProcess, waitFor, type ServiceProcess } from '@webinar/testing';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../..');
const otelRegister = join(repoRoot, 'libs/observability/dist/otel/register.js');

export interface RunningService {
  process: ServiceProcess;
  port: number;
  url: string;
  spansFile: string;
}

export interface ServiceLaunch {
  name: 'auth' | 'cms';
  dataDir: string;
  databaseUrl: string;
  amqpUrl: string;
  extraEnv?: Record<string, string>;
  port?: number;
}

export async function launch(opts: ServiceLaunch): Promise<RunningService> {
  const port = opts.port ?? (await freePort());
  const spansFile = join(opts.dataDir, `spans-${opts.name}.jsonl`);
  const proc = startProcess({
    name: opts.name,
    command: process.execPath,
    args: ['--enable-source-maps', '--import', otelRegister, join(repoRoot, `services/${opts.name}/dist/main.js`)],
    env: {
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: opts.dataDir,
      DATABASE_URL: opts.databaseUrl,
      AMQP_URL: opts.amqpUrl,
      LOG_LEVEL: 'info',
      OTEL_SERVICE_NAME: opts.name,
      OTEL_SPANS_FILE: spansFile,
      // auth builds login links from it; unused by this proof but required configuration.
      PUBLIC_URL: 'https://webinar.test',
      ...(opts.extraEnv ?? {}),
    },
  });
  const url = `http://127.0.0.1:${port}`;
  // A process that exits during start-up (bad configuration) fails the launch at once.
  const exited = proc.exited().then((code) => {
    throw new Error(`${opts.name} exited with ${code} during start-up:\n${proc.output().slice(-2000)}`);
  });
  const ready = waitFor(
    `${opts.name} to be ready`,
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`${opts.name} exited with ${proc.child.exitCode}`);
      const response = await fetch(`${url}/health/ready`);
      return response.status === 200 ? true : undefined;
    },
    { timeoutMs: 45_000, context: () => proc.output() },
  );
  await Promise.race([ready, exited]);
  exited.catch(() => undefined); // once ready, a later exit is the test's business
  return { process: proc, port, url, spansFile };
}

/**
 * A root access token for cms, signed with auth's own key set (read from auth's data folder): elevated
 * and `mfa` (a password + TOTP session), as the privileged routes demand.
 */
export async function rootTokenFor(authDataDir: string, audience: string): Promise<string> {
  const keys = KeySet.fromJSON(JSON.parse(readFileSync(join(authDataDir, 'keys', 'access.json'), 'utf8')));
  return issueAccessToken(
    keys,
    { userId: randomUUID(), companyId: null, role: 'root', sessionId: randomUUID(), elevated: true, mfa: true },
    { issuer: ACCESS_TOKEN_ISSUER, audience, ttlSeconds: 300 },
  );
}

export interface RecordedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
  service: string;
}

export function readSpans(file: string): RecordedSpan[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as RecordedSpan);
}

/** One POST with a JSON body, sent however the test reaches auth (directly, or through nginx). */
export type JsonPost = (path: string, body: unknown, cookie?: string) => Promise<{ status: number; setCookie: string | undefined; text: string }>;

/** RFC 6238 code (SHA-1, 6 digits, 30 s steps) of a base32 secret at time step `step`, as an authenticator app computes it. */
export function totpCode(secretBase32: string, step: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secretBase32.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const secret = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/**
 * What root (or an admin) does after signing in by link, before anything privileged: sets a password,
 * enrols an authenticator and signs in with password + TOTP — privileged routes refuse a link
 * session's tokens (AUTH.MFA_REQUIRED). Answers the new session's cookie (`__Host-session=…`).
 */
export async function signInWithMfa(post: JsonPost, linkCookie: string, email = 'root@localhost'): Promise<string> {
  const ok = async (path: string, body: unknown, cookie?: string) => {
    const answer = await post(path, body, cookie);
    if (answer.status >= 300) throw new Error(`${path} answered ${answer.status}: ${answer.text}`);
    return answer;
  };
  const password = `e2e ${randomBytes(12).toString('base64url')}`;
  await ok('/auth/credentials/password', { password }, linkCookie);
  const { secret } = JSON.parse((await ok('/auth/credentials/totp', { password }, linkCookie)).text) as { secret: string };
  const step = Math.floor(Date.now() / 30_000);
  await ok('/auth/credentials/totp/confirm', { code: totpCode(secret, step) }, linkCookie);
  // The confirming code counts as used; the next step is already inside the ±1 window.
  const login = await ok('/auth/password-login', { email, password, totp: totpCode(secret, step + 1) });
  const cookie = login.setCookie?.split(';')[0];
  if (!cookie?.startsWith('__Host-session=')) throw new Error('password login set no session cookie');
  return cookie;
}
