import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { promisify } from 'node:util';
import { connect, type Channel, type ChannelModel } from 'amqplib';

const run = promisify(execFile);

/** Names unique to one test, so parallel runs and other engineers' tests never share topology. */
export function uniqueTopology(): { prefix: string; exchange: string; deadLetterExchange: string; queue: string } {
  const prefix = `test.${randomBytes(5).toString('hex')}`;
  return { prefix, exchange: `${prefix}.events`, deadLetterExchange: `${prefix}.dlx`, queue: `${prefix}.q` };
}

/** A plain amqplib connection for inspecting and cleaning up what the bus declared. */
export class BrokerAdmin {
  private constructor(private readonly connection: ChannelModel) {}

  static async open(url: string): Promise<BrokerAdmin> {
    return new BrokerAdmin(await connect(url));
  }

  /** A fresh channel per call: a refused declaration closes the channel it ran on. */
  async withChannel<T>(work: (channel: Channel) => Promise<T>): Promise<T> {
    const channel = await this.connection.createChannel();
    channel.on('error', () => undefined);
    try {
      return await work(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  async deleteTopology(queues: string[], exchanges: string[]): Promise<void> {
    await this.withChannel(async (channel) => {
      for (const queue of queues) await channel.deleteQueue(queue);
      for (const exchange of exchanges) await channel.deleteExchange(exchange);
    });
  }

  /** Takes up to `count` messages off a queue, waiting up to `timeoutMs` for them to arrive. */
  async drainQueue(queue: string, count: number, timeoutMs = 10_000): Promise<Array<{ headers: Record<string, unknown>; body: string; type: unknown }>> {
    const taken: Array<{ headers: Record<string, unknown>; body: string; type: unknown }> = [];
    const deadline = Date.now() + timeoutMs;
    await this.withChannel(async (channel) => {
      while (taken.length < count && Date.now() < deadline) {
        const message = await channel.get(queue, { noAck: true });
        if (message) {
          taken.push({ headers: message.properties.headers ?? {}, body: message.content.toString(), type: message.properties.type });
        } else {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    });
    return taken;
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * Makes the broker itself drop one named connection (CONNECTION_FORCED), as on a broker restart
 * or an operator's intervention. Needs `rabbitmqctl` and the rights to use it (root here).
 */
export async function forceCloseFromBroker(connectionName: string): Promise<void> {
  const env = { ...process.env, ERL_EPMD_ADDRESS: '127.0.0.1' };
  const { stdout } = await run('rabbitmqctl', ['list_connections', 'pid', 'client_properties', '-q', '--no-table-headers'], { env });
  const marker = `{"connection_name","${connectionName}"}`;
  const pids = stdout
    .split('\n')
    .filter((line) => line.includes(marker))
    .map((line) => line.split('\t')[0]!);
  if (pids.length === 0) throw new Error(`No broker connection named ${connectionName}`);
  for (const pid of pids) await run('rabbitmqctl', ['close_connection', pid, 'forced by test'], { env });
}

/**
 * A TCP relay in front of the broker that can cut every connection and refuse new ones, to
 * simulate an outage without touching the shared broker.
 */
export class FlakyProxy {
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private up = true;
  port = 0;

  private constructor(target: { host: string; port: number }) {
    this.server = createServer((client) => this.accept(client, target));
  }

  static async start(target: { host: string; port: number }): Promise<FlakyProxy> {
    const proxy = new FlakyProxy(target);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    const address = proxy.server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no port');
    proxy.port = address.port;
    return proxy;
  }

  /** Cuts every connection and refuses new ones until `restore()`. */
  cut(): void {
    this.up = false;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.up = true;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, target: { host: string; port: number }): void {
    if (!this.up) {
      client.destroy();
      return;
    }
    const upstream = tcpConnect(target);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}

export function viaProxy(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(port);
  return parsed.toString();
}
