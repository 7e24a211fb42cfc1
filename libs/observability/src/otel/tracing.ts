import { AmqplibInstrumentation } from '@opentelemetry/instrumentation-amqplib';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { redactedIncomingAttributes, redactedOutgoingAttributes } from './http-span-redaction';
import { SpansFileExporter } from './spans-file-exporter';

export interface TracingOptions {
  serviceName: string;
  /** OTLP/HTTP base endpoint, as in OTEL_EXPORTER_OTLP_ENDPOINT; spans go to `<endpoint>/v1/traces`. */
  otlpEndpoint?: string;
  /** Append finished spans as JSON lines to this file (tests). */
  spansFile?: string;
  /** More processors, e.g. an in-memory exporter in a test. */
  spanProcessors?: SpanProcessor[];
  /** Where configuration problems are reported; defaults to a JSON line on stderr. */
  warn?: (message: string) => void;
}

/** Probes and scrapes would otherwise make most of the spans. */
const UNTRACED_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

// Kept on globalThis: the preload and the app may load this file through different paths (dist vs sources
// in tests), and `shutdownTracing` from either must find the SDK the other started.
const RUNNING_SDK = Symbol.for('@webinar/observability.tracing');
type TracingGlobal = typeof globalThis & { [RUNNING_SDK]?: NodeSDK };
const tracingGlobal = globalThis as TracingGlobal;

/** Reads OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_SPANS_FILE; empty counts as unset. */
export function tracingOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): TracingOptions {
  const otlpEndpoint = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const spansFile = nonEmpty(env.OTEL_SPANS_FILE);
  return {
    serviceName: nonEmpty(env.OTEL_SERVICE_NAME) ?? 'unknown_service:node',
    ...(otlpEndpoint === undefined ? {} : { otlpEndpoint }),
    ...(spansFile === undefined ? {} : { spansFile }),
  };
}

/**
 * Starts the OpenTelemetry SDK with http, pg and amqplib instrumentation and W3C trace-context propagation.
 * Without any exporter spans are still created, so trace ids exist for logs and propagate to other services.
 * Never throws: tracing must not take the service down, so problems are reported through `warn`.
 * @returns whether tracing is running (false when it was already started or could not start).
 */
export function startTracing(opts: TracingOptions): boolean {
  const warn = opts.warn ?? warnOnStderr;
  if (tracingGlobal[RUNNING_SDK] !== undefined) {
    warn('tracing already started; ignoring the second start');
    return false;
  }
  try {
    const spanProcessors = [...exportingProcessors(opts, warn), ...(opts.spanProcessors ?? [])];
    const sdk = new NodeSDK({
      serviceName: opts.serviceName,
      textMapPropagator: new W3CTraceContextPropagator(),
      // A TracerProvider is only created when there is a processor; the no-op one keeps ids flowing without export.
      spanProcessors: spanProcessors.length > 0 ? spanProcessors : [new NoopSpanProcessor()],
      // Metrics go through prom-client and logs through pino; without these the SDK would start OTLP exporters.
      metricReaders: [],
      logRecordProcessors: [],
      instrumentations: [
        new HttpInstrumentation({
          ignoreIncomingRequestHook: (request) =>
            UNTRACED_PATHS.has((request.url ?? '').split('?', 1)[0] ?? ''),
          startIncomingSpanHook: redactedIncomingAttributes,
          startOutgoingSpanHook: redactedOutgoingAttributes,
        }),
        new PgInstrumentation(),
        new AmqplibInstrumentation(),
      ],
    });
    sdk.start();
    tracingGlobal[RUNNING_SDK] = sdk;
    return true;
  } catch (error) {
    warn(`tracing disabled: ${(error as Error).message}`);
    return false;
  }
}

/** Flushes and stops the SDK started by `startTracing`; safe to call when nothing runs. */
export async function shutdownTracing(): Promise<void> {
  const sdk = tracingGlobal[RUNNING_SDK];
  tracingGlobal[RUNNING_SDK] = undefined;
  await sdk?.shutdown();
}

function exportingProcessors(opts: TracingOptions, warn: (message: string) => void): SpanProcessor[] {
  const processors: SpanProcessor[] = [];
  if (opts.otlpEndpoint !== undefined) {
    const url = `${opts.otlpEndpoint.replace(/\/+$/, '')}/v1/traces`;
    if (/^https?:\/\//i.test(url) && URL.canParse(url)) {
      processors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }) }));
    } else {
      warn('OTEL_EXPORTER_OTLP_ENDPOINT is not an http(s) URL; spans will not be exported over OTLP');
    }
  }
  if (opts.spansFile !== undefined) {
    const exporter = new SpansFileExporter(opts.spansFile, warn);
    try {
      exporter.ensureWritable();
      // Simple, not batched: lines land within milliseconds of a span ending, for tests polling the file.
      processors.push(new SimpleSpanProcessor({ exporter }));
    } catch (error) {
      warn(
        `OTEL_SPANS_FILE cannot be written (${(error as Error).message}); spans will not be written to it`,
      );
    }
  }
  return processors;
}

function warnOnStderr(message: string): void {
  process.stderr.write(
    `${JSON.stringify({ level: 'warn', time: new Date().toISOString(), msg: `tracing: ${message}` })}\n`,
  );
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
