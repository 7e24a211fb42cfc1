import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export type HttpMetricLabel = 'method' | 'route' | 'status_code';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<HttpMetricLabel>;
  httpDuration: Histogram<HttpMetricLabel>;
}

/**
 * One registry per service (not prom-client's global one), so that several services started in one process,
 * as tests and the standalone bundle do, neither collide on metric names nor mix their numbers.
 */
export function createMetrics(service: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const labelNames: HttpMetricLabel[] = ['method', 'route', 'status_code'];
  const httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests served, by method, route pattern and status code.',
    labelNames,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to finishing its response.',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { registry, httpRequests, httpDuration };
}
