import { tokenLeakMarkers, tokenPathEncodings } from '@webinar/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { createLogger } from '../logging/create-logger';
import { createMetrics } from '../metrics/create-metrics';
import { instrumentFastify, UNMATCHED_ROUTE } from './instrument-fastify';

describe('instrumentFastify', () => {
  const lines: string[] = [];
  const metrics = createMetrics('cms');
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify({ logger: false });
    instrumentFastify(app, {
      logger: createLogger({ service: 'cms', destination: { write: (line) => void lines.push(line) } }),
      metrics,
    });
    app.get('/webinars/:id', async () => ({ ok: true }));
    app.get('/live/:seminarId/*', async () => ({ ok: true }));
    app.get('/boom', async () => {
      throw new Error('boom');
    });
    await app.ready();
  });

  afterAll(() => app.close());

  beforeEach(() => {
    lines.length = 0;
  });

  it('counts requests by method, route pattern and status', async () => {
    await app.inject({ method: 'GET', url: '/webinars/1' });
    await app.inject({ method: 'GET', url: '/webinars/2?x=1' });
    await app.inject({ method: 'GET', url: '/boom' });
    await app.inject({ method: 'GET', url: '/wp-admin/setup.php' });

    const counter = await metrics.httpRequests.get();
    const count = (route: string, status: string) =>
      counter.values.find((value) => value.labels.route === route && value.labels.status_code === status)
        ?.value;
    expect(count('/webinars/:id', '200')).toBe(2);
    expect(count('/boom', '500')).toBe(1);
    expect(count(UNMATCHED_ROUTE, '404')).toBe(1);
    expect(counter.values.some((value) => String(value.labels.route).includes('wp-admin'))).toBe(false);
    const histogram = await metrics.httpDuration.get();
    expect(
      histogram.values.find(
        (value) =>
          value.metricName === 'http_request_duration_seconds_count' &&
          value.labels.route === '/webinars/:id',
      )?.value,
    ).toBe(2);
  });

  it('logs one line per request without query string or token-like path segments', async () => {
    const token = 'Zk3qP9xWm2LcVb7RtYs4Hn';

    await app.inject({ method: 'GET', url: `/webinars/${token}?token=query-secret&lang=en` });

    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      method: 'GET',
      url: '/webinars/[redacted]',
      route: '/webinars/:id',
      statusCode: 200,
      msg: 'request completed',
    });
    expect(typeof line.durationMs).toBe('number');
    expect(lines[0]).not.toContain('query-secret');
    expect(lines[0]).not.toContain(token);
    expect(lines[0]).not.toContain('lang=en');
  });

  it('logs server errors at error level', async () => {
    await app.inject({ method: 'GET', url: '/boom' });

    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', statusCode: 500 });
  });

  it('logs no token in any encoding the router decodes back to it (matched and unmatched routes)', async () => {
    const token =
      'eyJhbGciOiJFZERTQSIsInR5cCI6InBsYXliYWNrIn0.eyJzZW0iOiIzZjJiOGMxZSIsImV4cCI6MTc2NDY0MDAwMH0.q3Vw8X1mZbR0kLp9sTtYcA2dEeFgHhIiJjKkLlMmNn';
    for (const [name, segment] of Object.entries(tokenPathEncodings(token))) {
      lines.length = 0;
      const served = await app.inject({ method: 'GET', url: `/live/3f2b8c1e-9d4a-4b7e-8f00-1a2b3c4d5e6f/${segment}/index.m3u8` });
      await app.inject({ method: 'GET', url: `/nowhere/${segment}` });
      expect({ name, status: served.statusCode, lines: lines.length }).toEqual({ name, status: 200, lines: 2 });
      for (const line of lines) {
        for (const marker of tokenLeakMarkers(token)) expect({ name, leaked: line.includes(marker) }).toEqual({ name, leaked: false });
      }
      expect(JSON.parse(lines[0]!)).toMatchObject({ url: '/live/3f2b8c1e-9d4a-4b7e-8f00-1a2b3c4d5e6f/[redacted]/index.m3u8' });
    }
  });
});
