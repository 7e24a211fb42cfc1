import { createMetrics } from './create-metrics';
import { type MetricsServer, startMetricsServer } from './metrics-server';

describe('startMetricsServer', () => {
  const metrics = createMetrics('polls');
  let sut: MetricsServer;

  beforeAll(async () => {
    sut = await startMetricsServer({ registry: metrics.registry, port: 0 });
  });

  afterAll(() => sut.close());

  it('serves the counters, histogram and default Node metrics on GET /metrics', async () => {
    metrics.httpRequests.inc({ method: 'GET', route: '/polls/:id', status_code: '200' });
    metrics.httpDuration.observe({ method: 'GET', route: '/polls/:id', status_code: '200' }, 0.02);

    const response = await fetch(`http://127.0.0.1:${sut.port}/metrics`);
    const body = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(body).toContain(
      'http_requests_total{method="GET",route="/polls/:id",status_code="200",service="polls"} 1',
    );
    expect(body).toMatch(/^http_request_duration_seconds_count\{[^}]*route="\/polls\/:id"[^}]*\} 1$/m);
    expect(body).toContain('process_cpu_user_seconds_total');
    expect(body).toContain('nodejs_eventloop_lag_seconds');
  });

  it.each([
    ['GET', '/'],
    ['GET', '/metrics/extra'],
    ['GET', '/health'],
    ['POST', '/metrics'],
  ])('answers 404 to %s %s', async (method, path) => {
    const response = await fetch(`http://127.0.0.1:${sut.port}${path}`, { method });
    await response.text();

    expect(response.status).toBe(404);
  });

  it('binds to loopback by default', async () => {
    const other = await startMetricsServer({ registry: metrics.registry, port: 0 });
    try {
      const response = await fetch(`http://127.0.0.1:${other.port}/metrics`);
      await response.text();
      expect(response.status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('createMetrics', () => {
  it('keeps each service in its own registry', async () => {
    const polls = createMetrics('polls');
    const cms = createMetrics('cms');

    polls.httpRequests.inc({ method: 'GET', route: '/a', status_code: '200' });

    expect(await cms.registry.getSingleMetricAsString('http_requests_total')).not.toContain('route="/a"');
    expect(await polls.registry.getSingleMetricAsString('http_requests_total')).toContain('route="/a"');
  });
});
