import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { contextWithTrace, installTracePropagation } from '../test/support/otel';
import { trace } from '@opentelemetry/api';
import { contextForIncoming, currentTraceHeaders } from './trace-context';

describe('trace context', () => {
  it('is a harmless no-op without a propagator installed', () => {
    expect(context.with(contextWithTrace('4bf92f3577b34da6a3ce929d0e0e4736'), currentTraceHeaders)).toEqual({});
  });

  describe('with a W3C propagator', () => {
    let uninstall: () => void;
    beforeAll(() => {
      uninstall = installTracePropagation();
    });
    afterAll(() => uninstall());

    const producerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const headers = { traceparent: `00-${producerTrace}-00f067aa0ba902b7-01` };

    it('injects the active trace into headers', () => {
      const injected = context.with(contextWithTrace(producerTrace), currentTraceHeaders);
      expect(injected.traceparent).toMatch(new RegExp(`^00-${producerTrace}-00f067aa0ba902b7-01$`));
    });

    it('continues the producer trace when nothing is active', () => {
      expect(trace.getSpanContext(contextForIncoming(headers, ROOT_CONTEXT))?.traceId).toBe(producerTrace);
    });

    it('keeps an instrumentation consumer span of the same trace as the parent', () => {
      const instrumented = contextWithTrace(producerTrace, 'b7ad6b7169203331');
      expect(trace.getSpanContext(contextForIncoming(headers, instrumented))?.spanId).toBe('b7ad6b7169203331');
    });

    it('replaces an unrelated active trace with the producer\'s', () => {
      const unrelated = contextWithTrace('0af7651916cd43dd8448eb211c80319c');
      expect(trace.getSpanContext(contextForIncoming(headers, unrelated))?.traceId).toBe(producerTrace);
    });
  });
});
