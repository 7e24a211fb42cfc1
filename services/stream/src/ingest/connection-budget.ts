// Limits on connections that have not authenticated yet (no publish accepted, no play started):
// per remote address and in total. Twenty connections of random bytes took an unguarded ingest from
// 0.4 GB to 4-5 GB; the guard bounds what each may allocate, this bounds how many there are.

export const DEFAULT_MAX_UNAUTHENTICATED_PER_ADDRESS = 8;
export const DEFAULT_MAX_UNAUTHENTICATED = 256;

export type Admission = { admitted: true; release: () => void } | { admitted: false; reason: string };

export class UnauthenticatedConnections {
  private total = 0;
  private readonly byAddress = new Map<string, number>();

  constructor(
    private readonly maxPerAddress = DEFAULT_MAX_UNAUTHENTICATED_PER_ADDRESS,
    private readonly maxTotal = DEFAULT_MAX_UNAUTHENTICATED,
  ) {}

  /** Takes a slot for a new connection; release it once the connection authenticates or closes. */
  admit(address: string): Admission {
    const fromAddress = this.byAddress.get(address) ?? 0;
    if (fromAddress >= this.maxPerAddress) {
      return { admitted: false, reason: 'too many unauthenticated connections from this address' };
    }
    if (this.total >= this.maxTotal) return { admitted: false, reason: 'too many unauthenticated connections' };
    this.total += 1;
    this.byAddress.set(address, fromAddress + 1);
    let held = true;
    return {
      admitted: true,
      release: () => {
        if (!held) return;
        held = false;
        this.total -= 1;
        const left = (this.byAddress.get(address) ?? 1) - 1;
        if (left > 0) this.byAddress.set(address, left);
        else this.byAddress.delete(address);
      },
    };
  }

  get size(): number {
    return this.total;
  }
}
