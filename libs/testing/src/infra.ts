// Finds the real PostgreSQL and RabbitMQ for integration tests. With REQUIRE_INFRA=1 (CI) a missing
// server fails the test instead of letting it fall back to PGlite or the in-process bus, so a green
// run always means the real servers were exercised.
import { connect } from 'node:net';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_TEST_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

export function infraRequired(): boolean {
  return process.env['REQUIRE_INFRA'] === '1';
}

function portOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function locate(kind: string, url: string): Promise<string | undefined> {
  const parsed = new URL(url);
  const defaultPort = parsed.protocol.startsWith('amqp') ? 5672 : 5432;
  const open = await portOpen(parsed.hostname, Number(parsed.port || defaultPort));
  if (open) return url;
  if (infraRequired()) {
    throw new Error(`REQUIRE_INFRA=1 but ${kind} does not answer at ${parsed.host}`);
  }
  return undefined;
}

/** The admin URL of the test PostgreSQL server, or undefined when absent and not required. */
export function testDatabaseUrl(): Promise<string | undefined> {
  return locate('PostgreSQL', process.env['TEST_DATABASE_URL'] ?? DEFAULT_TEST_DATABASE_URL);
}

/** The URL of the test RabbitMQ broker, or undefined when absent and not required. */
export function testAmqpUrl(): Promise<string | undefined> {
  return locate('RabbitMQ', process.env['TEST_AMQP_URL'] ?? DEFAULT_TEST_AMQP_URL);
}
