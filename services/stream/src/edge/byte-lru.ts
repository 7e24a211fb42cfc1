// A least-recently-used map bounded by the total size of its values: the edge's segment cache must
// not grow with the number of live seminars beyond what the operator allows.
export class ByteLru<V extends { length: number }> {
  private readonly entries = new Map<string, V>();
  private total = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly onEvict: (key: string) => void = () => undefined,
  ) {}

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Map keeps insertion order: re-inserting makes this entry the most recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** False when the value is larger than the whole budget (it is not kept). */
  set(key: string, value: V): boolean {
    this.delete(key);
    if (value.length > this.maxBytes) return false;
    this.entries.set(key, value);
    this.total += value.length;
    for (const [oldest, evicted] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.total -= evicted.length;
      this.onEvict(oldest);
    }
    return this.entries.has(key);
  }

  delete(key: string): void {
    const value = this.entries.get(key);
    if (value === undefined) return;
    this.entries.delete(key);
    this.total -= value.length;
  }
}
