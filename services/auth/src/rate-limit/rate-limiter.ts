// A fixed-window counter per key (client address, e-mail blind index), in memory. Per process: in the
// microservices shape nginx adds its own per-address limits in front; this one also covers the
// standalone shape and per-account limits, which nginx cannot see.
export interface RateLimiterOptions {
  limit: number;
  windowMs: number;
  /** Bounds memory under a flood of distinct keys; the oldest windows are dropped first. */
  maxKeys?: number;
  now?: () => number;
}

interface Window {
  startedAt: number;
  count: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(private readonly opts: RateLimiterOptions) {
    this.now = opts.now ?? Date.now;
    this.maxKeys = opts.maxKeys ?? 100_000;
  }

  /** Counts one hit for `key`; false once the key is over its limit in the current window. */
  hit(key: string): boolean {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= this.opts.windowMs) {
      this.windows.delete(key);
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
      this.evictOverflow();
    }
    window.count += 1;
    return window.count <= this.opts.limit;
  }

  private evictOverflow(): void {
    // Map iteration order is insertion order, and a renewed window is re-inserted: the first is oldest.
    while (this.windows.size > this.maxKeys) {
      const oldest = this.windows.keys().next();
      if (oldest.done) return;
      this.windows.delete(oldest.value);
    }
  }
}
