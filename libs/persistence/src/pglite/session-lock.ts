// A FIFO lock for the single PGlite session. Whoever holds it owns the session until release, so one
// TypeORM query runner's statements (a whole transaction) never interleave with another's.
import { PersistenceError } from '../errors';

interface Waiter {
  grant(): void;
}

export class SessionLock {
  private held = false;
  private readonly queue: Waiter[] = [];

  get isHeld(): boolean {
    return this.held;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Resolves with a release function once the session is ours. Gives up after `timeoutMs`: with one
   * session, code that asks for a second connection while it already holds one (e.g. a repository
   * of the DataSource used inside a `withTenant` transaction) would otherwise wait forever.
   */
  acquire(timeoutMs: number): Promise<() => void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          resolve(this.releaser());
        },
      };
      const timer = setTimeout(() => {
        const index = this.queue.indexOf(waiter);
        if (index !== -1) this.queue.splice(index, 1);
        reject(
          new PersistenceError(
            'EMBEDDED_SESSION_TIMEOUT',
            `waited ${timeoutMs} ms for the embedded database session; is a connection requested while ` +
              'the same code already holds one (use the transaction’s EntityManager inside withTenant)?',
          ),
        );
      }, timeoutMs);
      this.queue.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) next.grant();
      else this.held = false;
    };
  }
}
