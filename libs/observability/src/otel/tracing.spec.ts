import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { waitFor } from '@webinar/testing';
import type { SpanLine } from './spans-file-exporter';
import { shutdownTracing, startTracing, tracingOptionsFromEnv } from './tracing';

// jest loads modules through its own registry, which the instrumentations' require hooks do not see, so real
// http/pg/amqplib spans are covered by test/register.int-spec.ts in separate processes. Here: the SDK wiring.
describe('startTracing (in process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spans-'));
  const spansFile = join(dir, 'nested', 'spans.jsonl');
  const warnings: string[] = [];

  beforeAll(() => {
    expect(
      startTracing({
        serviceName: 'tracing-test',
        spansFile,
        otlpEndpoint: 'not a url',
        warn: (message) => warnings.push(message),
      }),
    ).toBe(true);
  });

  afterAll(async () => {
    await shutdownTracing();
    rmSync(dir, { recursive: true, force: true });
  });

  function spans(): SpanLine[] {
    if (!existsSync(spansFile)) return [];
    return readFileSync(spansFile, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as SpanLine);
  }

  it('propagates W3C trace context and writes both sides of a call to the spans file', async () => {
    const tracer = trace.getTracer('test');
    const headers: Record<string, string> = {};

    const client = tracer.startActiveSpan(
      'call downstream',
      { kind: SpanKind.CLIENT, attributes: { peer: 'cms' } },
      (span) => {
        propagation.inject(context.active(), headers);
        span.end();
        return span.spanContext();
      },
    );
    const remote = propagation.extract(ROOT_CONTEXT, headers);
    tracer.startSpan('handle call', { kind: SpanKind.SERVER }, remote).end();

    expect(headers.traceparent).toBe(`00-${client.traceId}-${client.spanId}-01`);
    // Export waits for the resource's asynchronous attributes (host id), so the lines land a moment later.
    const written = await waitFor(
      'two spans in the file',
      async () => (spans().length >= 2 ? spans() : undefined),
      { intervalMs: 10 },
    );
    expect(written).toEqual([
      {
        traceId: client.traceId,
        spanId: client.spanId,
        parentSpanId: null,
        name: 'call downstream',
        kind: 'CLIENT',
        attributes: { peer: 'cms' },
        service: 'tracing-test',
      },
      expect.objectContaining({
        traceId: client.traceId,
        parentSpanId: client.spanId,
        name: 'handle call',
        kind: 'SERVER',
      }),
    ]);
  });

  it('warns about a bad OTLP endpoint, without its value, and keeps running', () => {
    expect(warnings).toEqual([expect.stringContaining('OTEL_EXPORTER_OTLP_ENDPOINT is not an http(s) URL')]);
    expect(warnings.join('')).not.toContain('not a url');
  });

  it('refuses to start twice, with a warning rather than an exception', () => {
    expect(startTracing({ serviceName: 'again', warn: (message) => warnings.push(message) })).toBe(false);
    expect(warnings.at(-1)).toContain('already started');
  });
});

describe('tracingOptionsFromEnv', () => {
  it('reads the service name, OTLP endpoint and spans file', () => {
    expect(
      tracingOptionsFromEnv({
        OTEL_SERVICE_NAME: 'cms',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_SPANS_FILE: '/tmp/s.jsonl',
      }),
    ).toEqual({ serviceName: 'cms', otlpEndpoint: 'http://collector:4318', spansFile: '/tmp/s.jsonl' });
  });

  it('treats empty variables as unset', () => {
    expect(
      tracingOptionsFromEnv({ OTEL_SERVICE_NAME: '', OTEL_EXPORTER_OTLP_ENDPOINT: ' ', OTEL_SPANS_FILE: '' }),
    ).toEqual({
      serviceName: 'unknown_service:node',
    });
  });
});
