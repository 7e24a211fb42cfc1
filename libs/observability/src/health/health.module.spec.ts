import 'reflect-metadata';
import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { HealthController } from './health.controller';
import { HealthModule } from './health.module';
import { PUBLIC_ROUTE_METADATA_KEY } from './public-route';
import { DuplicateReadinessCheckError, type ReadinessCheck, ReadinessRegistry } from './readiness';

/** A check whose outcome each test decides. */
class SwitchableCheck implements ReadinessCheck {
  outcome: 'pass' | 'fail' | 'hang' | 'throw' = 'pass';

  constructor(readonly name: string) {}

  check(): Promise<void> {
    switch (this.outcome) {
      case 'pass':
        return Promise.resolve();
      case 'fail':
        return Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2'));
      case 'hang':
        return new Promise<void>(() => undefined);
      case 'throw':
        throw new Error('synchronous failure');
    }
  }
}

const database = new SwitchableCheck('database');
const bus = new SwitchableCheck('bus');

/** Stands for a persistence module registering its ping from the outside. */
@Injectable()
class DatabasePing implements OnModuleInit {
  constructor(private readonly readiness: ReadinessRegistry) {}

  onModuleInit(): void {
    this.readiness.register(database);
  }
}

@Module({ providers: [DatabasePing] })
class FakePersistenceModule {}

describe('HealthModule', () => {
  let app: NestFastifyApplication;
  const failures: string[] = [];

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        HealthModule.forRoot({ checks: [bus], timeoutMs: 200, onCheckFailed: (name) => failures.push(name) }),
        FakePersistenceModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter({ logger: false }), {
      logger: false,
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  beforeEach(() => {
    database.outcome = 'pass';
    bus.outcome = 'pass';
    failures.length = 0;
  });

  async function get(url: string) {
    const response = await app.inject({ method: 'GET', url });
    return { status: response.statusCode, body: response.json<unknown>(), headers: response.headers };
  }

  it('answers live with 200 whatever the dependencies do', async () => {
    database.outcome = 'fail';

    expect(await get('/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('answers ready with 200 when every check passes', async () => {
    const response = await get('/health/ready');

    expect(response).toMatchObject({
      status: 200,
      body: { status: 'ok', checks: { bus: 'ok', database: 'ok' } },
    });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('answers ready with 503 when a check fails, without the error in the body', async () => {
    database.outcome = 'fail';

    const response = await get('/health/ready');

    expect(response).toEqual(
      expect.objectContaining({
        status: 503,
        body: { status: 'unavailable', checks: { bus: 'ok', database: 'down' } },
      }),
    );
    expect(JSON.stringify(response.body)).not.toMatch(/ECONNREFUSED|hunter2|10\.0\.0\.5/);
    expect(failures).toEqual(['database']);
  });

  it('answers ready with 503 when a check hangs past the timeout', async () => {
    bus.outcome = 'hang';
    const started = Date.now();

    const response = await get('/health/ready');

    expect(response).toMatchObject({
      status: 503,
      body: { status: 'unavailable', checks: { bus: 'down', database: 'ok' } },
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('counts a check that throws synchronously as down', async () => {
    bus.outcome = 'throw';

    expect(await get('/health/ready')).toMatchObject({ status: 503, body: { checks: { bus: 'down' } } });
  });

  it('marks both routes public for the security guard', () => {
    const reflector = app.get(Reflector);
    const controller = HealthController.prototype;

    expect(reflector.get(PUBLIC_ROUTE_METADATA_KEY, controller.live)).toBe(true);
    expect(reflector.get(PUBLIC_ROUTE_METADATA_KEY, controller.ready)).toBe(true);
  });
});

describe('ReadinessRegistry', () => {
  it('refuses two checks with one name and lets a check be removed', async () => {
    const sut = new ReadinessRegistry([], { timeoutMs: 50 });
    const remove = sut.register(new SwitchableCheck('database'));

    expect(() => sut.register(new SwitchableCheck('database'))).toThrow(DuplicateReadinessCheckError);
    remove();
    expect(sut.names()).toEqual([]);
    expect(await sut.evaluate()).toEqual({ status: 'ok', checks: {} });
  });
});
