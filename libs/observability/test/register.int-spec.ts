// The preload as services use it: compiled by swc, loaded with `node --import`, in separate processes that
// share one spans file. Proves real http, pg and amqplib spans appear and trace ids cross process boundaries.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startProcess, stopAllProcesses, testAmqpUrl, testDatabaseUrl, waitFor } from '@webinar/testing';
import type { SpanLine } from '../src/otel/spans-file-exporter';

const projectDir = resolve(__dirname, '..');
const fixtures = join(__dirname, 'fixtures');
// Inside the project so that the compiled files resolve @opentelemetry/* from the workspace's node_modules.
const buildDir = join(projectDir, `.int-build-${randomBytes(4).toString('hex')}`);
const register = join(buildDir, 'otel', 'register.js');
const spansDir = mkdtempSync(join(tmpdir(), 'register-spans-'));

beforeAll(() => {
  const swc = resolve(projectDir, '../../node_modules/.bin/swc');
  execFileSync(
    swc,
    ['src', '-d', buildDir, '--strip-leading-paths', '--config-file', '../../.swcrc', '--quiet'],
    { cwd: projectDir },
  );
  expect(existsSync(register)).toBe(true);
}, 60_000);

afterAll(async () => {
  await stopAllProcesses();
  rmSync(buildDir, { recursive: true, force: true });
  rmSync(spansDir, { recursive: true, force: true });
});

function runTraced(name: string, script: string, env: Record<string, string>) {
  return startProcess({
    name,
    command: process.execPath,
    args: ['--import', register, join(fixtures, script)],
    env: { OTEL_SERVICE_NAME: name, ...env },
  });
}

function readSpans(file: string): SpanLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as SpanLine);
}

function waitForSpans(
  file: string,
  what: string,
  found: (spans: SpanLine[]) => boolean,
  context: () => string,
): Promise<SpanLine[]> {
  return waitFor(what, async () => (found(readSpans(file)) ? readSpans(file) : undefined), {
    timeoutMs: 15_000,
    intervalMs: 50,
    context,
  });
}

describe('otel/register preload', () => {
  it('carries one trace id from an HTTP client process to an HTTP server process', async () => {
    const spansFile = join(spansDir, 'http.jsonl');
    const downstream = runTraced('downstream', 'http-downstream.cjs', { OTEL_SPANS_FILE: spansFile });
    const port = await waitFor(
      'downstream to listen',
      async () => /LISTENING (\d+)/.exec(downstream.output())?.[1],
      {
        context: () => downstream.output(),
      },
    );
    const upstream = runTraced('upstream', 'http-upstream.cjs', {
      OTEL_SPANS_FILE: spansFile,
      DOWNSTREAM_URL: `http://127.0.0.1:${port}/webinars/42?token=query-secret`,
    });
    expect(await upstream.exited()).toBe(0);
    expect(upstream.output()).toContain('DONE 200');

    const spans = await waitForSpans(
      spansFile,
      'client and server spans',
      (all) => all.some((span) => span.kind === 'SERVER') && all.some((span) => span.kind === 'CLIENT'),
      () => `${upstream.output()}\n${downstream.output()}`,
    );
    const client = spans.find((span) => span.kind === 'CLIENT' && span.service === 'upstream');
    const server = spans.find((span) => span.kind === 'SERVER' && span.service === 'downstream');
    expect(client).toBeDefined();
    expect(server?.traceId).toBe(client?.traceId);
    expect(server?.parentSpanId).toBe(client?.spanId);
    expect(readFileSync(spansFile, 'utf8')).not.toContain('query-secret');
    await downstream.stop();
  });

  it('records pg query spans', async () => {
    const databaseUrl = await testDatabaseUrl();
    if (databaseUrl === undefined) return; // No PostgreSQL here and REQUIRE_INFRA unset.
    const spansFile = join(spansDir, 'pg.jsonl');

    const app = runTraced('pg-app', 'pg-query.cjs', {
      OTEL_SPANS_FILE: spansFile,
      DATABASE_URL: databaseUrl,
    });

    expect(await app.exited()).toBe(0);
    const spans = await waitForSpans(
      spansFile,
      'a pg span',
      (all) => all.some((span) => span.attributes['db.system.name'] === 'postgresql'),
      () => app.output(),
    );
    expect(spans.find((span) => span.attributes['db.system.name'] === 'postgresql')).toMatchObject({
      kind: 'CLIENT',
      service: 'pg-app',
    });
  });

  it('carries one trace id from an amqplib publisher to a consumer in another process', async () => {
    const amqpUrl = await testAmqpUrl();
    if (amqpUrl === undefined) return; // No RabbitMQ here and REQUIRE_INFRA unset.
    const spansFile = join(spansDir, 'amqp.jsonl');
    const queue = `otel-register-${randomBytes(4).toString('hex')}`;
    const env = { OTEL_SPANS_FILE: spansFile, AMQP_URL: amqpUrl, QUEUE: queue };

    const consumer = runTraced('consumer', 'amqp-consume.cjs', env);
    await waitFor('consumer ready', async () => (consumer.output().includes('READY') ? true : undefined), {
      context: () => consumer.output(),
    });
    const publisher = runTraced('publisher', 'amqp-publish.cjs', env);

    expect(await publisher.exited()).toBe(0);
    expect(await consumer.exited()).toBe(0);
    const spans = await waitForSpans(
      spansFile,
      'producer and consumer spans',
      (all) => all.some((span) => span.kind === 'PRODUCER') && all.some((span) => span.kind === 'CONSUMER'),
      () => `${publisher.output()}\n${consumer.output()}`,
    );
    const producer = spans.find((span) => span.kind === 'PRODUCER' && span.service === 'publisher');
    const consumed = spans.find((span) => span.kind === 'CONSUMER' && span.service === 'consumer');
    expect(producer).toBeDefined();
    expect(consumed?.traceId).toBe(producer?.traceId);
    expect(readFileSync(spansFile, 'utf8')).not.toContain('guest:guest');
  });

  it('keeps the app running, with warnings, when tracing is misconfigured', async () => {
    const notADirectory = join(spansDir, 'a-file');
    writeFileSync(notADirectory, '');
    const downstream = runTraced('misconfigured', 'http-downstream.cjs', {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector-without-scheme:4318',
      OTEL_SPANS_FILE: join(notADirectory, 'spans.jsonl'),
    });

    const port = await waitFor(
      'misconfigured app to listen',
      async () => /LISTENING (\d+)/.exec(downstream.output())?.[1],
      {
        context: () => downstream.output(),
      },
    );
    const response = await fetch(`http://127.0.0.1:${port}/`);

    expect(response.status).toBe(200);
    await response.text();
    expect(downstream.output()).toContain('OTEL_EXPORTER_OTLP_ENDPOINT is not an http(s) URL');
    expect(downstream.output()).toContain('OTEL_SPANS_FILE cannot be written');
    await downstream.stop();
  });

  it('continues an incoming trace with no exporter configured', async () => {
    const downstream = runTraced('no-exporter', 'http-downstream.cjs', {});
    const port = await waitFor(
      'app to listen',
      async () => /LISTENING (\d+)/.exec(downstream.output())?.[1],
      {
        context: () => downstream.output(),
      },
    );
    const traceId = randomBytes(16).toString('hex');

    const response = await fetch(`http://127.0.0.1:${port}/`, {
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });

    expect(await response.text()).toBe(traceId);
    expect(downstream.output()).not.toContain('warn');
    await downstream.stop();
  });
});
