// HTTP-FLV on an edge: one connection to the seminar's origin, shared by every viewer of that seminar
// on this edge. The first viewer opens it; each later viewer gets the header, sequence headers and
// current GOP kept from it (flv-gop-cache.ts), then the live tags; the last viewer leaving closes it. Each
// viewer's token is still checked on the edge (flv-relay.ts), which cuts that viewer alone.
import { FlvTagReader } from '@webinar/player';
import type { Readable } from 'node:stream';
import type { FlvSink, FlvSource, FlvTap } from '../serving/flv-source';
import { FlvGopCache } from './flv-gop-cache';

export interface FlvFanoutOptions {
  /** The origin's live FLV of the seminar; undefined when it is not live. */
  open(seminarId: string): Promise<Readable | undefined>;
}

interface Upstream {
  ready: Promise<boolean>;
  response?: Readable;
  subscribers: Set<FlvSink>;
  cache: FlvGopCache;
  reader: FlvTagReader;
  closed: boolean;
}

export class FlvFanout implements FlvSource {
  private readonly upstreams = new Map<string, Upstream>();

  constructor(private readonly opts: FlvFanoutOptions) {}

  /** Origin connections currently open (one per seminar with viewers on this edge). */
  get upstreamCount(): number {
    return this.upstreams.size;
  }

  async tap(seminarId: string, sink: FlvSink): Promise<FlvTap | undefined> {
    const upstream = this.upstreams.get(seminarId) ?? this.connect(seminarId);
    if (!(await upstream.ready) || upstream.closed) return undefined;
    upstream.subscribers.add(sink);
    for (const bytes of upstream.cache.snapshot()) sink.write(asBuffer(bytes));
    return {
      detach: () => {
        if (!upstream.subscribers.delete(sink)) return;
        sink.end();
        if (upstream.subscribers.size === 0) this.close(seminarId, upstream);
      },
    };
  }

  /** Shutdown: every origin connection and every viewer attached to one. */
  closeAll(): void {
    for (const [seminarId, upstream] of this.upstreams) this.close(seminarId, upstream);
  }

  private connect(seminarId: string): Upstream {
    const upstream: Upstream = {
      ready: Promise.resolve(false),
      subscribers: new Set(),
      cache: new FlvGopCache(),
      reader: new FlvTagReader(),
      closed: false,
    };
    this.upstreams.set(seminarId, upstream);
    upstream.ready = this.opts.open(seminarId).then(
      (response) => {
        if (!response || upstream.closed) {
          response?.destroy();
          this.close(seminarId, upstream);
          return false;
        }
        upstream.response = response;
        response.on('data', (chunk: Buffer) => this.relay(upstream, chunk));
        response.once('error', () => this.close(seminarId, upstream));
        response.once('close', () => this.close(seminarId, upstream));
        return true;
      },
      (error: unknown) => {
        this.close(seminarId, upstream);
        throw error;
      },
    );
    return upstream;
  }

  private relay(upstream: Upstream, chunk: Buffer): void {
    let units;
    try {
      units = upstream.reader.push(chunk);
    } catch {
      upstream.response?.destroy(); // not FLV: nothing more from this connection reaches viewers
      return;
    }
    for (const unit of units) {
      upstream.cache.add(unit);
      const bytes = asBuffer(unit.bytes);
      for (const sink of upstream.subscribers) sink.write(bytes);
    }
  }

  private close(seminarId: string, upstream: Upstream): void {
    if (this.upstreams.get(seminarId) === upstream) this.upstreams.delete(seminarId);
    if (upstream.closed) return;
    upstream.closed = true;
    upstream.response?.destroy();
    const subscribers = [...upstream.subscribers];
    upstream.subscribers.clear();
    for (const sink of subscribers) sink.end();
  }
}

/** The shared reader's units as Buffers for the sinks, without copying. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
