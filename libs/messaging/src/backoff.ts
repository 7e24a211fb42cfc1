export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

/**
 * Exponential backoff with ±20 % jitter, so replicas that lost the broker together do not all
 * reconnect in the same instant. `attempt` starts at 0.
 */
export function backoffDelay(options: BackoffOptions, attempt: number): number {
  const base = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  const jitter = base * 0.2 * (Math.random() * 2 - 1);
  return Math.max(0, Math.min(options.maxMs, Math.round(base + jitter)));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
