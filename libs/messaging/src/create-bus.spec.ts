import { RecordingLogger } from '../test/support/recording-logger';
import { createBus } from './create-bus';
import { InProcessBus } from './in-process/in-process-bus';

describe('createBus', () => {
  it('uses the in-process bus when no broker URL is configured', async () => {
    const logger = new RecordingLogger();
    const sut = await createBus({ logger });
    expect(sut).toBeInstanceOf(InProcessBus);
    await sut.close();
  });

  it('uses RabbitMQ when given a URL (and fails fast when it cannot be reached)', async () => {
    const logger = new RecordingLogger();
    await expect(
      createBus({ amqpUrl: 'amqp://user:s3cret@127.0.0.1:1', logger, amqp: { connectTimeoutMs: 200 } }),
    ).rejects.toMatchObject({ code: 'BROKER_UNAVAILABLE' });
    expect(logger.messages('warn')).toContain('cannot connect to message broker');
    expect(JSON.stringify(logger.entries)).not.toContain('s3cret');
  });
});
