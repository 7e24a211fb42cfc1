// Per-address and per-account rate limits hold across replicas and restarts (issue 9, point 6):
// two auth apps against the same real PostgreSQL database share one budget per client address (the
// limit is not doubled), a third app started after one of them stopped still refuses the address,
// and the store counts atomically under concurrency and opens a new window when one is over.
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '@webinar/testing';
import { RateLimitStore } from '../src/rate-limit/rate-limit-store';
import { type Harness, PUBLIC_ORIGIN, startAuth } from './support/harness';

jest.setTimeout(120_000);

const LIMIT = 10;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('rate limits shared through PostgreSQL', () => {
  let shared: TestDatabase;
  const apps: Harness[] = [];
  const start = async (): Promise<Harness> => {
    const app = await startAuth({ databaseUrl: shared.url, rateLimitPerAddress: LIMIT, rootEmail: 'root@limits.test' });
    apps.push(app);
    return app;
  };
  /** A link redemption with a junk token: refused as invalid (not 429) while the address has budget. */
  const redeem = (h: Harness, remoteAddress: string) =>
    h.app.inject({ method: 'POST', url: '/auth/links/redeem', headers: { origin: PUBLIC_ORIGIN }, payload: { token: 'not-a-link' }, remoteAddress });

  beforeAll(async () => {
    const adminUrl = await testDatabaseUrl();
    if (!adminUrl) throw new Error('This test needs the real PostgreSQL.');
    shared = await createTestDatabase(adminUrl, 'auth_limits');
  });

  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    await shared?.drop();
  });

  it('two replicas share one per-address budget, and a restart does not reset it', async () => {
    const a = await start();
    const b = await start();
    const statuses: number[] = [];
    for (let i = 0; i < 2 * LIMIT + 2; i += 1) statuses.push((await redeem(i % 2 === 0 ? a : b, '10.77.0.1')).statusCode);
    // Per-process windows would have let 2 × LIMIT through; one shared window lets LIMIT.
    expect(statuses.filter((status) => status !== 429)).toHaveLength(LIMIT);
    expect(statuses.slice(LIMIT)).toEqual(Array(LIMIT + 2).fill(429));
    expect(statuses.slice(0, LIMIT).every((status) => status >= 400 && status < 500 && status !== 429)).toBe(true);

    // Restart: a's process goes away, a new one comes up on the same database.
    await a.close();
    apps.splice(apps.indexOf(a), 1);
    const c = await start();
    const limited = await redeem(c, '10.77.0.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'RATE.LIMITED' });
    // The budget is per address: another client is not affected.
    expect((await redeem(c, '10.77.0.2')).statusCode).not.toBe(429);
  });

  it('counts concurrent hits from several replicas exactly, and opens a new window when one is over', async () => {
    const [first, second] = [apps[0]!, apps[1]!];
    const stores = [first.app.get(RateLimitStore), second.app.get(RateLimitStore)];
    const rule = { limit: 5, windowSeconds: 1 };
    const allowed = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 2]!.hit('test:concurrent', rule)));
    expect(allowed.filter(Boolean)).toHaveLength(5);
    await sleep(1_100);
    expect(await stores[0]!.hit('test:concurrent', rule)).toBe(true);
    expect(await stores[1]!.hit('test:other-key', { limit: 1, windowSeconds: 1 })).toBe(true);
    expect(await stores[0]!.hit('test:other-key', { limit: 1, windowSeconds: 1 })).toBe(false);
  });
});
