import { PersistenceError } from '../errors';
import { SessionLock } from './session-lock';

describe('SessionLock', () => {
  it('hands the session out one holder at a time, in arrival order', async () => {
    const sut = new SessionLock();
    const order: string[] = [];
    const releaseFirst = await sut.acquire(1000);
    const second = sut.acquire(1000).then((release) => {
      order.push('second');
      return release;
    });
    const third = sut.acquire(1000).then((release) => {
      order.push('third');
      return release;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);

    releaseFirst();
    (await second)();
    (await third)();
    expect(order).toEqual(['second', 'third']);
    expect(sut.isHeld).toBe(false);
  });

  it('gives up after the timeout with a typed error, and skips the waiter that gave up', async () => {
    const sut = new SessionLock();
    const release = await sut.acquire(1000);
    const error: unknown = await sut.acquire(10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PersistenceError);
    expect(error).toMatchObject({ code: 'EMBEDDED_SESSION_TIMEOUT' });
    expect(sut.waiting).toBe(0);
    release();
    expect(sut.isHeld).toBe(false);
  });

  it('ignores a second release of the same grant', async () => {
    const sut = new SessionLock();
    const release = await sut.acquire(1000);
    const next = sut.acquire(1000);
    release();
    release();
    const releaseNext = await next;
    expect(sut.isHeld).toBe(true);
    releaseNext();
    expect(sut.isHeld).toBe(false);
  });
});
