import { FLV_AUDIO, FLV_VIDEO } from './flv-splice';
import { type LoaderFailure, LOADER_STATUS, splicingFlvLoader, type SplicingFlvLoader } from './flv-loader';
import { connectionStart, media, parseFlv, track } from './testing/flv-fixtures';
import { concat } from './flv-splice';

/** An edge whose FLV responses the test writes, ends and refuses by hand. */
class FakeEdge {
  readonly connections: Array<{ url: string; signal: AbortSignal; send(bytes: Uint8Array): void; end(): void }> = [];
  readonly refused = new Map<string, number>();

  readonly fetch = (url: string, init: RequestInit): Promise<Response> => {
    const status = [...this.refused].find(([token]) => url.includes(`/${token}/`))?.[1];
    if (status !== undefined) return Promise.resolve(new Response(JSON.stringify({ code: 'PLAYBACK.REVOKED' }), { status }));
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const signal = init.signal ?? new AbortController().signal;
    signal.addEventListener('abort', () => controller.error(new Error('aborted')));
    this.connections.push({ url, signal, send: (bytes) => controller.enqueue(bytes), end: () => controller.close() });
    return Promise.resolve(new Response(body, { status: 200 }));
  };
}

async function until(what: string, condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const SEMINAR = '3f2b8c1e-5a4d-4e6f-9a7b-1c2d3e4f5a6b';
const url = (token: string): string => `https://edge.test/live/${SEMINAR}/${token}/stream.flv`;

function setUp(opts: { reconnectDelaysMs?: number[] } = {}) {
  const edge = new FakeEdge();
  let token = 'one';
  const listeners = new Set<() => void>();
  const interruptions: number[] = [];
  const Loader = splicingFlvLoader({
    fetch: edge.fetch,
    currentUrl: () => url(token),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onInterrupted: () => interruptions.push(Date.now()),
    reconnectDelaysMs: opts.reconnectDelaysMs ?? [5, 5, 5],
  });
  const loader: SplicingFlvLoader = new Loader();
  const received: Uint8Array[] = [];
  const errors: Array<{ type: string; info: LoaderFailure }> = [];
  loader.onDataArrival = (chunk, byteStart, receivedLength) => {
    expect(byteStart).toBe(received.reduce((n, c) => n + c.byteLength, 0));
    received.push(new Uint8Array(chunk));
    expect(receivedLength).toBe(byteStart + chunk.byteLength);
  };
  loader.onError = (type, info) => errors.push({ type, info });
  const refresh = (next: string): void => {
    token = next;
    for (const listener of [...listeners]) listener();
  };
  const joined = () => parseFlv(concat(received));
  return { edge, loader, received, errors, interruptions, refresh, joined, listeners };
}

const expectedTrack = (to: number, type: number): number[] => track(parseFlv(connectionStart(...media(0, to))).tags, type);

describe('SplicingFlvLoader', () => {
  it('switches to a refreshed token\'s connection without a gap or a repeat, then closes the old one', async () => {
    const t = setUp();
    t.loader.open({ url: url('stale-from-the-player') });
    await until('the first connection', () => t.edge.connections.length === 1);
    expect(t.edge.connections[0]?.url).toBe(url('one')); // the current token, not the URL it was given
    t.edge.connections[0]?.send(connectionStart(...media(0, 2000)));
    await until('data', () => t.received.length > 0);
    expect(t.loader.status).toBe(LOADER_STATUS.buffering);

    t.refresh('two');
    await until('the second connection', () => t.edge.connections.length === 2);
    expect(t.edge.connections[1]?.url).toBe(url('two'));
    // The old connection keeps delivering while the new one replays its cached GOP.
    t.edge.connections[0]?.send(concat(media(2000, 2100)));
    t.edge.connections[1]?.send(connectionStart(...media(1000, 2100)));
    t.edge.connections[1]?.send(concat(media(2100, 3000)));
    await until('the old connection to be closed', () => t.edge.connections[0]?.signal.aborted === true);

    await until('all media', () => track(t.joined().tags, FLV_VIDEO).at(-1) === 2960);
    expect(t.joined().header).toBe(1);
    expect(track(t.joined().tags, FLV_VIDEO)).toEqual(expectedTrack(3000, FLV_VIDEO));
    expect(track(t.joined().tags, FLV_AUDIO)).toEqual(expectedTrack(3000, FLV_AUDIO));
    expect(t.errors).toEqual([]);
    expect(t.interruptions).toEqual([]);
  });

  it('reconnects with the current token when the edge cuts the connection (expiry), and tells the page', async () => {
    const t = setUp();
    t.loader.open({ url: url('one') });
    await until('the first connection', () => t.edge.connections.length === 1);
    t.edge.connections[0]?.send(connectionStart(...media(0, 1500)));
    await until('data', () => t.received.length > 0);
    t.edge.connections[0]?.end();
    await until('the page to be told', () => t.interruptions.length === 1);
    t.refresh('two');
    await until('a reconnect', () => t.edge.connections.length === 2);
    expect(t.edge.connections.at(-1)?.url).toBe(url('two'));
    t.edge.connections.at(-1)?.send(connectionStart(...media(1000, 2500)));
    await until('the rest', () => track(t.joined().tags, FLV_VIDEO).at(-1) === 2480);
    expect(track(t.joined().tags, FLV_VIDEO)).toEqual(expectedTrack(2500, FLV_VIDEO));
    expect(t.errors).toEqual([]);
  });

  it('reports the first connection\'s failure at once, so the player falls back to the next engine', async () => {
    const t = setUp();
    t.edge.refused.set('one', 401);
    t.loader.open({ url: url('one') });
    await until('an error', () => t.errors.length === 1);
    expect(t.errors).toEqual([{ type: 'HttpStatusCodeInvalid', info: { code: 401, msg: 'HTTP 401' } }]);
    expect(t.loader.status).toBe(LOADER_STATUS.error);
    expect(t.loader.isWorking()).toBe(false);
  });

  it('gives up after its reconnect attempts are refused (a revoked viewer)', async () => {
    const t = setUp({ reconnectDelaysMs: [5, 5] });
    t.loader.open({ url: url('one') });
    await until('the first connection', () => t.edge.connections.length === 1);
    t.edge.connections[0]?.send(connectionStart(...media(0, 500)));
    await until('data', () => t.received.length > 0);
    t.edge.refused.set('one', 401);
    t.edge.connections[0]?.end();
    await until('an error', () => t.errors.length === 1);
    expect(t.errors[0]?.info.code).toBe(401);
    expect(t.interruptions).toHaveLength(1);
  });

  it('keeps playing the current connection when a refreshed token is refused', async () => {
    const t = setUp({ reconnectDelaysMs: [5] });
    t.loader.open({ url: url('one') });
    await until('the first connection', () => t.edge.connections.length === 1);
    t.edge.connections[0]?.send(connectionStart(...media(0, 500)));
    await until('data', () => t.received.length > 0);
    t.edge.refused.set('two', 403);
    t.refresh('two');
    await new Promise((resolve) => setTimeout(resolve, 50));
    t.edge.connections[0]?.send(concat(media(500, 1000)));
    await until('more media', () => track(t.joined().tags, FLV_VIDEO).at(-1) === 960);
    expect(t.errors).toEqual([]);
    expect(t.edge.connections[0]?.signal.aborted).toBe(false);
  });

  it('closes everything and stops listening when destroyed', async () => {
    const t = setUp();
    t.loader.open({ url: url('one') });
    await until('the first connection', () => t.edge.connections.length === 1);
    t.loader.destroy();
    expect(t.edge.connections[0]?.signal.aborted).toBe(true);
    expect(t.listeners.size).toBe(0);
    t.refresh('two');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(t.edge.connections).toHaveLength(1);
  });
});
