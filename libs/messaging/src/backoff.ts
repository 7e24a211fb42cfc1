// The platform's one exponential backoff: the broker reconnects, consumer reattaches, redeliveries
// and outbox relays here, the stream service's remuxer restarts and revocation-snapshot retries, and
// auth's per-account login backoff (whose SQL computes the same jitter-free formula). Jitter spreads
// replicas that failed together, so they do not all retry in the same instant; a schedule a person
// reads (a Retry-After) or a test pins goes without.

export interface BackoffOptions {
  /** The first wait (attempt 0). */
  initialMs: number;
  /** No wait is longer. */
  maxMs: number;
  /** Spread as a fraction of the wait: ±0.2 by default; 0 for an exact schedule. */
  jitter?: number;
}

/** Never more doublings than this: 2^30 × any sane initial wait is past every cap already. */
const MAX_DOUBLINGS = 30;

/** The wait before retry `attempt` (from 0): initialMs doubling per attempt up to maxMs, ± jitter. */
export function backoffDelay(options: BackoffOptions, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(Math.max(0, attempt), MAX_DOUBLINGS));
  const jitter = options.jitter ?? 0.2;
  if (jitter === 0) return base;
  const spread = base * jitter * (random() * 2 - 1);
  return Math.max(0, Math.min(options.maxMs, Math.round(base + spread)));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
