// Runs auth and cms as separate processes (the microservices shape) against the real PostgreSQL and
// RabbitMQ, each with OpenTelemetry preloaded and its spans written to a file the test can read.
import { ACCESS_TOKEN_ISSUER } from '@webinar/http';
import { issueAccessToken, KeySet } from '@webinar/security';
import { freePort, startProcess, waitFor, type ServiceProcess } from '@webinar/testing';
import { randomUUID } from 'node:crypto';
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

/** A root access token for cms, signed with auth's own key set (read from auth's data folder). */
export async function rootTokenFor(authDataDir: string, audience: string): Promise<string> {
  const keys = KeySet.fromJSON(JSON.parse(readFileSync(join(authDataDir, 'keys', 'access.json'), 'utf8')));
  return issueAccessToken(
    keys,
    { userId: randomUUID(), companyId: null, role: 'root', sessionId: randomUUID(), elevated: true },
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
