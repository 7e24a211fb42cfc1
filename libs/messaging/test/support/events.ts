import { randomUUID } from 'node:crypto';
import { type SeminarEndedPayload, type SeminarLivePayload } from '@webinar/contracts';

export function seminarLive(overrides: Partial<SeminarLivePayload> = {}): SeminarLivePayload {
  return { seminarId: randomUUID(), companyId: randomUUID(), liveAt: new Date().toISOString(), ...overrides };
}

export function seminarEnded(overrides: Partial<SeminarEndedPayload> = {}): SeminarEndedPayload {
  return { seminarId: randomUUID(), companyId: randomUUID(), endedAt: new Date().toISOString(), ...overrides };
}

/** Resolves when `condition` holds, polling; fails the test with `what` after `timeoutMs`. */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** What `work` throws (or undefined), so the error's fields can be matched. */
export function thrownBy(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  return undefined;
}
