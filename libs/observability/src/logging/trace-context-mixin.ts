import { context, isSpanContextValid, trace } from '@opentelemetry/api';

export interface TraceContextFields {
  trace_id?: string;
  span_id?: string;
}

/** Ids of the active OpenTelemetry span, so that a log line can be found from a trace and back. */
export function traceContextFields(): TraceContextFields {
  const span = trace.getSpan(context.active());
  if (span === undefined) return {};
  const spanContext = span.spanContext();
  if (!isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
