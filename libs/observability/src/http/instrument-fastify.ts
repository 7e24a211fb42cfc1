import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/create-metrics';
import { redactUrl } from '../redaction/redact-url';

export interface InstrumentFastifyOptions {
  logger: Logger;
  metrics: Metrics;
}

/** Route label for requests that matched no route: keeps scanners from creating one series per probed path. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * Counts and times every request by route pattern (never the raw URL, which would explode label cardinality)
 * and logs one line per request with its URL stripped of query and tokens. Call before the app is ready
 * (before Nest's `init`/`listen`), as Fastify fixes a route's hooks then.
 */
export function instrumentFastify(instance: FastifyInstance, opts: InstrumentFastifyOptions): void {
  const { logger, metrics } = opts;
  instance.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    const statusCode = reply.statusCode;
    const durationMs = reply.elapsedTime;
    const labels = { method: request.method, route, status_code: String(statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, durationMs / 1000);
    const line = {
      requestId: request.id,
      method: request.method,
      url: redactUrl(request.url),
      route,
      statusCode,
      durationMs: Math.round(durationMs * 10) / 10,
    };
    if (statusCode >= 500) logger.error(line, 'request failed');
    else logger.info(line, 'request completed');
    done();
  });
}
