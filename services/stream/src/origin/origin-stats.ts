// Requests the origin endpoint received, per edge and object (`<seminar>/<file>`): the proof that
// edges collapse and cache (each segment should reach each edge once), readable by edges' operators
// at /origin/_stats behind the origin credential. Bounded: the oldest objects of an edge are dropped.
export interface OriginStatsSnapshot {
  edges: Record<string, Record<string, number>>;
}

export class OriginStats {
  private readonly byEdge = new Map<string, Map<string, number>>();

  constructor(
    private readonly maxObjectsPerEdge = 5_000,
    private readonly maxEdges = 1_000,
  ) {}

  count(edgeId: string, object: string): void {
    let objects = this.byEdge.get(edgeId);
    if (!objects) {
      if (this.byEdge.size >= this.maxEdges) {
        const oldest = this.byEdge.keys().next();
        if (!oldest.done) this.byEdge.delete(oldest.value);
      }
      objects = new Map();
      this.byEdge.set(edgeId, objects);
    }
    objects.set(object, (objects.get(object) ?? 0) + 1);
    if (objects.size > this.maxObjectsPerEdge) {
      const oldest = objects.keys().next();
      if (!oldest.done) objects.delete(oldest.value);
    }
  }

  snapshot(): OriginStatsSnapshot {
    const edges: Record<string, Record<string, number>> = {};
    for (const [edgeId, objects] of this.byEdge) edges[edgeId] = Object.fromEntries(objects);
    return { edges };
  }
}
