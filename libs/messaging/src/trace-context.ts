import { context, propagation, trace, type Context } from '@opentelemetry/api';

/**
 * Serialises the active trace context (W3C `traceparent`/`tracestate` with the usual propagator)
 * into message headers. Without an OpenTelemetry SDK the global propagator is a no-op and this
 * returns `{}`, which is fine: tracing is optional, delivery is not.
 */
export function currentTraceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/**
 * The context a consumer's handler (or a relayed publish) should run in. When the amqplib instrumentation is active the
 * callback already runs inside its consumer span, which is itself a child of the producer's span:
 * keep it, so handler spans nest under it. Otherwise continue the producer's trace from the headers.
 */
export function contextForIncoming(headers: Record<string, string>, active: Context = context.active()): Context {
  const extracted = propagation.extract(active, headers);
  const remote = trace.getSpanContext(extracted);
  const current = trace.getSpanContext(active);
  if (!remote || (current && current.traceId === remote.traceId)) return active;
  return extracted;
}

/** Runs `fn` inside `ctx` so spans it starts (and anything it logs with trace ids) join that trace. */
export function runInContext<T>(ctx: Context, fn: () => Promise<T>): Promise<T> {
  return context.with(ctx, fn);
}
