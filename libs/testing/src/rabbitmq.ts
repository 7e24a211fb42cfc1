// Restarts the RabbitMQ application on this machine (tests of broker outages). Needs rabbitmqctl,
// which CI has as root.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function rabbitmqctl(...args: string[]): Promise<string> {
  const { stdout } = await run('rabbitmqctl', args, {
    env: { ...process.env, ERL_EPMD_ADDRESS: '127.0.0.1' },
    timeout: 120_000,
  });
  return stdout;
}

export async function stopRabbitApp(): Promise<void> {
  await rabbitmqctl('stop_app');
}

export async function startRabbitApp(): Promise<void> {
  await rabbitmqctl('start_app');
  await rabbitmqctl('await_startup');
}
