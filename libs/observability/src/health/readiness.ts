import { Inject, Injectable, Optional } from '@nestjs/common';
import type { CheckState, ReadinessReport } from './health.schemas';

/** Injection token for checks handed to `HealthModule.forRoot({ checks })`. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');

export interface ReadinessCheck {
  /** Shown in the readiness body, e.g. `database`, `bus`. */
  name: string;
  /** Resolves when the dependency is usable; rejects or hangs when it is not. */
  check(): Promise<void>;
}

export type { CheckState, ReadinessReport } from './health.schemas';

export interface HealthOptions {
  /** How long one check may take before it counts as down. */
  timeoutMs: number;
  /** Told why a check failed, for the logs; the HTTP body only ever says `down`. */
  onCheckFailed?: (name: string, reason: unknown) => void;
}

export const DEFAULT_READINESS_TIMEOUT_MS = 2_000;

export class DuplicateReadinessCheckError extends Error {
  readonly code = 'READINESS_CHECK_DUPLICATE';

  constructor(readonly checkName: string) {
    super(`A readiness check named "${checkName}" is already registered`);
  }
}

class CheckTimedOut extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

/**
 * Where modules owning a dependency (database, message bus) register a ping, so that the health controller
 * needs to know none of them.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly options: HealthOptions;

  constructor(
    @Optional() @Inject(READINESS_CHECKS) initialChecks?: readonly ReadinessCheck[],
    @Optional() @Inject(HEALTH_OPTIONS) options?: HealthOptions,
  ) {
    this.options = options ?? { timeoutMs: DEFAULT_READINESS_TIMEOUT_MS };
    for (const check of initialChecks ?? []) this.register(check);
  }

  /** Adds a check; returns a function that removes it again (for modules torn down before the app). */
  register(check: ReadinessCheck): () => void {
    if (this.checks.has(check.name)) throw new DuplicateReadinessCheckError(check.name);
    this.checks.set(check.name, check);
    return () => {
      if (this.checks.get(check.name) === check) this.checks.delete(check.name);
    };
  }

  names(): string[] {
    return [...this.checks.keys()];
  }

  /** Runs every check in parallel, each bounded by the timeout. */
  async evaluate(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks.values()].map(async (check) => [check.name, await this.run(check)] as const),
    );
    const checks = Object.fromEntries(entries);
    const status = entries.every(([, state]) => state === 'ok') ? 'ok' : 'unavailable';
    return { status, checks };
  }

  private async run(check: ReadinessCheck): Promise<CheckState> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CheckTimedOut(this.options.timeoutMs)), this.options.timeoutMs);
    });
    try {
      // Wrapped so that a check throwing synchronously counts as down instead of failing the whole request.
      await Promise.race([Promise.resolve().then(() => check.check()), timeout]);
      return 'ok';
    } catch (reason) {
      this.options.onCheckFailed?.(check.name, reason);
      return 'down';
    } finally {
      clearTimeout(timer);
    }
  }
}
