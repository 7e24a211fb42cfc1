import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

/** One line of the spans file, as other projects' tests read it. */
export interface SpanLine {
  traceId: string;
  spanId: string;
  /** null for a root span. */
  parentSpanId: string | null;
  name: string;
  /** `SpanKind` name: INTERNAL, SERVER, CLIENT, PRODUCER or CONSUMER. */
  kind: string;
  attributes: Record<string, unknown>;
  service: string;
}

/**
 * Appends finished spans as JSON lines to a file, for tests that check a trace id crossed processes. Each
 * export is one synchronous append, so lines from several processes sharing the file do not interleave and a
 * test can read the file as soon as the traced operation returns. Not for production volumes.
 */
export class SpansFileExporter implements SpanExporter {
  private warned = false;

  constructor(
    private readonly file: string,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  /** Creates the file (and its directory) now, so a bad path is reported at startup rather than per span. */
  ensureWritable(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, '');
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    try {
      appendFileSync(this.file, spans.map((span) => `${JSON.stringify(toSpanLine(span))}\n`).join(''));
      resultCallback({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      if (!this.warned) {
        this.warned = true;
        this.warn(`cannot append spans to ${this.file}: ${(error as Error).message}`);
      }
      resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  async shutdown(): Promise<void> {}
}

export function toSpanLine(span: ReadableSpan): SpanLine {
  const { traceId, spanId } = span.spanContext();
  const service = span.resource.attributes['service.name'];
  return {
    traceId,
    spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? null,
    name: span.name,
    kind: SpanKind[span.kind],
    attributes: { ...span.attributes },
    service: typeof service === 'string' ? service : 'unknown',
  };
}
