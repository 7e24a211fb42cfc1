import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { connect, type ChannelModel } from 'amqplib';
import { backoffDelay, type BackoffOptions } from '../backoff';
import { describeError, MessagingError } from '../errors';
import { type Logger } from '../logger';
import { redactUrl } from './redact-url';

export interface ConnectionSupervisorOptions {
  url: string;
  logger: Logger;
  reconnect: BackoffOptions;
  /** Shown in the broker's connection list, so operators can tell services apart. */
  connectionName: string;
  heartbeatSeconds: number;
  /** Declares topology and resumes consumers; a failure drops the connection and retries. */
  onConnected: (connection: ChannelModel) => Promise<void>;
}

interface Waiter {
  resolve: (connection: ChannelModel) => void;
  reject: (error: Error) => void;
}

/**
 * Owns the one AMQP connection of a bus: opens it, notices when it drops (broker restart, network,
 * missed heartbeats) and reopens it with exponential backoff, running `onConnected` each time so
 * exchanges, queues and consumers are declared again on the new connection.
 */
export class ConnectionSupervisor {
  private connection: ChannelModel | undefined;
  private waiters: Waiter[] = [];
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private connecting = false;
  private closed = false;

  constructor(private readonly options: ConnectionSupervisorOptions) {}

  /** Connects for the first time, retrying until `timeoutMs` has passed. */
  async start(timeoutMs: number): Promise<void> {
    this.schedule(0);
    await this.waitForConnection(Date.now() + timeoutMs);
  }

  /** The live connection, if there is one right now. */
  current(): ChannelModel | undefined {
    return this.connection;
  }

  /** Waits for a usable connection until `deadline` (epoch ms), then fails with BROKER_UNAVAILABLE. */
  waitForConnection(deadline: number): Promise<ChannelModel> {
    if (this.closed) return Promise.reject(new MessagingError('BUS_CLOSED', 'Bus is closed'));
    if (this.connection) return Promise.resolve(this.connection);
    return new Promise<ChannelModel>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new MessagingError('BROKER_UNAVAILABLE', 'Message broker unavailable'));
      }, Math.max(0, deadline - Date.now()));
      const waiter: Waiter = {
        resolve: (connection) => {
          clearTimeout(timer);
          resolve(connection);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.push(waiter);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const waiter of this.waiters.splice(0)) waiter.reject(new MessagingError('BUS_CLOSED', 'Bus is closed'));
    const connection = this.connection;
    this.connection = undefined;
    if (connection) {
      try {
        await connection.close();
      } catch (error) {
        this.options.logger.warn({ err: describeError(error) }, 'error while closing broker connection');
      }
    }
  }

  private schedule(delayMs: number): void {
    if (this.closed || this.timer || this.connecting) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connectOnce();
    }, delayMs);
  }

  private async connectOnce(): Promise<void> {
    if (this.closed || this.connecting || this.connection) return;
    this.connecting = true;
    let failure: unknown;
    try {
      await this.open();
    } catch (error) {
      failure = error ?? new Error('unknown connection failure');
    } finally {
      this.connecting = false;
    }
    if (failure !== undefined && !this.closed) {
      const delay = backoffDelay(this.options.reconnect, this.attempt);
      this.attempt += 1;
      this.options.logger.warn(
        { broker: redactUrl(this.options.url), err: describeError(failure), retryInMs: delay },
        'cannot connect to message broker',
      );
      this.schedule(delay);
    }
  }

  private async open(): Promise<void> {
    const { url, logger, connectionName, heartbeatSeconds } = this.options;
    // Opened in the root context: socket callbacks inherit the context the socket was created in,
    // and whichever request happened to trigger a reconnect must not become every delivery's parent.
    const connection = await context.with(ROOT_CONTEXT, () =>
      connect(withHeartbeat(url, heartbeatSeconds), { clientProperties: { connection_name: connectionName } }),
    );
    let dropped = false;
    // Without an 'error' listener an unexpected broker close would crash the process.
    connection.on('error', (error: unknown) => logger.warn({ err: describeError(error) }, 'broker connection error'));
    connection.on('close', () => {
      dropped = true;
      this.onClosed(connection);
    });
    try {
      if (this.closed) throw new MessagingError('BUS_CLOSED', 'Bus closed while connecting');
      await this.options.onConnected(connection);
      // The connection can drop while topology is being declared; do not adopt a dead one.
      if (dropped) throw new MessagingError('BROKER_UNAVAILABLE', 'Connection dropped during setup');
    } catch (error) {
      if (!dropped) await connection.close().catch(() => undefined);
      throw error;
    }
    this.connection = connection;
    this.attempt = 0;
    logger.info({ broker: redactUrl(url), connectionName }, 'connected to message broker');
    for (const waiter of this.waiters.splice(0)) waiter.resolve(connection);
  }

  private onClosed(connection: ChannelModel): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    if (this.closed) return;
    const delay = backoffDelay(this.options.reconnect, this.attempt);
    this.attempt += 1;
    this.options.logger.warn({ retryInMs: delay }, 'lost connection to message broker; reconnecting');
    this.schedule(delay);
  }
}

// amqplib takes the heartbeat from the URL; an explicit one in the URL wins.
function withHeartbeat(url: string, seconds: number): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', String(seconds));
  return parsed.toString();
}
