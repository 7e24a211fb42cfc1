import { trace } from '@opentelemetry/api';
import { shutdownTracing, startTracing } from '../otel/tracing';
import { createLogger } from './create-logger';

function memoryDestination() {
  const lines: string[] = [];
  return {
    lines,
    destination: { write: (line: string) => void lines.push(line) },
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const SECRETS = [
  'tok-123-secret',
  'rt-456-secret',
  'hunter2-secret',
  'sid=cookie-789',
  'Bearer authz-000',
  'sk-live-111',
  'live_streamkey_222',
];

describe('createLogger', () => {
  it('writes JSON lines with the service name and level', () => {
    const memory = memoryDestination();
    const sut = createLogger({ service: 'polls', destination: memory.destination });

    sut.info({ pollId: 'p1' }, 'poll opened');

    expect(memory.records()).toEqual([
      expect.objectContaining({ service: 'polls', level: 'info', pollId: 'p1', msg: 'poll opened' }),
    ]);
  });

  it('honours the level', () => {
    const memory = memoryDestination();
    const sut = createLogger({ service: 'polls', level: 'warn', destination: memory.destination });

    sut.info('hidden');
    sut.warn('shown');

    expect(memory.records().map((record) => record.msg)).toEqual(['shown']);
  });

  it('never writes tokens, passwords, keys, cookies or authorization headers', () => {
    const memory = memoryDestination();
    const sut = createLogger({ service: 'auth', destination: memory.destination });

    sut.info(
      { accessToken: SECRETS[0], user: { email: 'a@example.org', refresh_token: SECRETS[1] } },
      'login',
    );
    sut.info({ body: { password: SECRETS[2], passwd: SECRETS[2] } }, 'register');
    sut.info(
      { req: { method: 'GET', headers: { cookie: SECRETS[3], authorization: SECRETS[4] } } },
      'request',
    );
    sut.info({ headers: { cookie: SECRETS[3], authorization: SECRETS[4] } }, 'outgoing');
    sut.info({ res: { headers: { 'set-cookie': [SECRETS[3]] } } }, 'response');
    sut.info(
      { integrations: [{ name: 'mail', apiKey: SECRETS[5] }], stream: { key: SECRETS[6] } },
      'settings',
    );
    sut.child({ streamKey: SECRETS[6] }).info({ nested: { privateKey: SECRETS[5] } }, 'child');
    sut.child({ scope: 'x' }).child({ secret: SECRETS[0] }).info('grandchild');

    const output = memory.lines.join('');
    expect(memory.lines).toHaveLength(8);
    for (const secret of SECRETS) expect(output).not.toContain(secret);
    expect(output).toContain('[redacted]');
    expect(output).toContain('a@example.org');
  });

  it('censors a cookie header on request objects the key scan does not enter', () => {
    const memory = memoryDestination();
    const sut = createLogger({ service: 'auth', destination: memory.destination });
    class FakeIncomingMessage {
      headers = { cookie: SECRETS[3], authorization: SECRETS[4] };
    }

    sut.info({ req: new FakeIncomingMessage() }, 'raw request');

    expect(memory.lines.join('')).not.toContain('cookie-789');
    expect(memory.lines.join('')).not.toContain('authz-000');
  });

  describe('with tracing started without any exporter', () => {
    beforeAll(() => {
      expect(startTracing({ serviceName: 'logger-test' })).toBe(true);
    });

    afterAll(() => shutdownTracing());

    it('adds trace_id and span_id of the active span', () => {
      const memory = memoryDestination();
      const sut = createLogger({ service: 'cms', destination: memory.destination });

      const ids = trace.getTracer('test').startActiveSpan('work', (span) => {
        sut.info('inside');
        span.end();
        return span.spanContext();
      });
      sut.info('outside');

      const [inside, outside] = memory.records();
      expect(inside).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId });
      expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(outside).not.toHaveProperty('trace_id');
    });
  });
});
