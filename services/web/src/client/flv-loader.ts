// The HTTP-FLV loader the viewer page gives mpegts.js (its `customLoader`): one continuous FLV stream
// for the player, made of as many connections to the edge as the playback token's refreshes need.
//
// The edge checks a playback token when a connection opens and cuts the connection when the token
// expires or is revoked (services/stream flv-relay.ts). mpegts.js's own loader would end playback
// there. This one instead:
// - on a refreshed token (the page's source changes), opens a second connection with the new token
//   and hands over to it once it has caught up, then closes the old one (flv-splice.ts): no restart,
//   no gap, no repeated frame;
// - when a connection is cut anyway (expiry without refresh, revocation, network), reconnects with the
//   freshest token after a short backoff and splices likewise, and tells the page (`onInterrupted`),
//   which asks cms for a fresh token — and learns there if the viewer was signed out or unregistered;
// - reports an error to mpegts.js (so the player falls back to the next engine) when the very first
//   connection fails, or when reconnecting keeps failing.
// It follows mpegts.js's loader contract (src/io/loader.js) structurally, so it can be tested without a
// browser.
import { concat, FlvFormatError, FlvSplice, FlvUnitReader, type SpliceInput } from './flv-splice';

/** mpegts.js's LoaderStatus values. */
export const LOADER_STATUS = { idle: 0, connecting: 1, buffering: 2, error: 3, complete: 4 } as const;

export interface LoaderFailure {
  /** The HTTP status, or -1 for a network failure or an ended stream. */
  code: number;
  msg: string;
}

export interface FlvLoaderDeps {
  fetch(url: string, init: RequestInit): Promise<Response>;
  /**
   * The seminar's FLV URL with the freshest token; undefined when the source allows no HTTP-FLV (then
   * the URL mpegts.js was given is used, and a change of source is ignored).
   */
  currentUrl(): string | undefined;
  /** Called with every change of source (a refreshed token); answers the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** An established connection was lost: the page may ask for a fresh token right away. */
  onInterrupted?(): void;
  /** Waits before each reconnect attempt; when they run out, the loader reports an error. */
  reconnectDelaysMs?: readonly number[];
}

const DEFAULT_RECONNECT_DELAYS_MS = [250, 1000, 2000, 4000];

class Connection {
  closed = false;
  readonly reader = new FlvUnitReader();
  private readonly abortController = new AbortController();

  constructor(readonly input: SpliceInput) {}

  get signal(): AbortSignal {
    return this.abortController.signal;
  }

  close(): void {
    this.closed = true;
    this.abortController.abort();
  }
}

export class SplicingFlvLoader {
  readonly type = 'splicing-flv-loader';
  // mpegts.js assigns these callbacks after constructing the loader.
  onContentLengthKnown: ((length: number) => void) | null = null;
  onURLRedirect: ((url: string) => void) | null = null;
  onDataArrival: ((chunk: ArrayBuffer, byteStart: number, receivedLength: number) => void) | null = null;
  onError: ((type: string, info: LoaderFailure) => void) | null = null;
  onComplete: ((from: number, to: number) => void) | null = null;

  private statusValue: number = LOADER_STATUS.idle;
  private readonly splice = new FlvSplice();
  private active: Connection | undefined;
  private pending: Connection | undefined;
  private received = 0;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private unsubscribe: (() => void) | undefined;
  private givenUrl = '';
  private stopped = true;

  constructor(private readonly deps: FlvLoaderDeps) {}

  get status(): number {
    return this.statusValue;
  }

  /** No stash: the player gets whole FLV units as they arrive (lowest latency). */
  get needStashBuffer(): boolean {
    return false;
  }

  isWorking(): boolean {
    return this.statusValue === LOADER_STATUS.connecting || this.statusValue === LOADER_STATUS.buffering;
  }

  open(dataSource: { url: string }): void {
    this.givenUrl = dataSource.url;
    this.stopped = false;
    this.statusValue = LOADER_STATUS.connecting;
    this.unsubscribe ??= this.deps.subscribe(() => this.sourceChanged());
    this.pending = this.connect();
  }

  abort(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.active?.close();
    this.pending?.close();
    this.active = undefined;
    this.pending = undefined;
    if (this.isWorking()) this.statusValue = LOADER_STATUS.complete;
  }

  destroy(): void {
    this.abort();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.statusValue = LOADER_STATUS.idle;
    this.onContentLengthKnown = this.onURLRedirect = this.onDataArrival = this.onError = this.onComplete = null;
  }

  /**
   * A refreshed token: connect with it and splice (replacing a splice or a reconnect in progress).
   * A source without HTTP-FLV is left to the player, which moves to another engine.
   */
  private sourceChanged(): void {
    if (this.stopped || this.deps.currentUrl() === undefined) return;
    this.pending?.close();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.attempt = 0;
    this.pending = this.connect();
  }

  private connect(): Connection {
    const connection = new Connection(this.splice.connection());
    void this.run(connection, this.deps.currentUrl() ?? this.givenUrl);
    return connection;
  }

  private async run(connection: Connection, url: string): Promise<void> {
    let failure: LoaderFailure;
    try {
      // No credentials and no referrer: the token in the path is the only thing the edge needs.
      const response = await this.deps.fetch(url, {
        mode: 'cors',
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
        signal: connection.signal,
      });
      if (!response.ok || !response.body) {
        failure = { code: response.status, msg: `HTTP ${response.status}` };
      } else {
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done || connection.closed || !this.take(connection, value)) break;
        }
        failure = { code: -1, msg: 'the FLV stream ended' };
      }
    } catch (error) {
      failure = { code: -1, msg: error instanceof Error ? error.message : 'network failure' };
    }
    if (!connection.closed) this.lost(connection, failure);
  }

  /** One chunk of a connection. Answers false when the connection is no longer wanted. */
  private take(connection: Connection, chunk: Uint8Array): boolean {
    let units;
    try {
      units = connection.reader.push(chunk);
    } catch (error) {
      if (!(error instanceof FlvFormatError)) throw error;
      connection.close();
      this.lost(connection, { code: -1, msg: error.message });
      return false;
    }
    const out: Uint8Array[] = [];
    for (const unit of units) {
      const decision = connection.input.accept(unit);
      if (decision === 'new-timeline') {
        // Another broadcast: a new player must start on it (the page's fallback and retry do that).
        this.giveUp({ code: -1, msg: 'the broadcast restarted' });
        return false;
      }
      // With nothing playing, a connection takes over at once; otherwise once it has caught up.
      if (connection !== this.active && (this.active === undefined || connection.input.synced)) {
        this.promote(connection);
        out.push(...connection.input.takeOver());
      }
      if (decision === 'forward' && connection === this.active) out.push(unit.bytes);
    }
    if (out.length > 0) this.deliver(concat(out));
    return !connection.closed;
  }

  private promote(connection: Connection): void {
    const previous = this.active;
    this.active = connection;
    if (this.pending === connection) this.pending = undefined;
    this.attempt = 0;
    previous?.close();
  }

  /** `bytes` is exactly its buffer (made by concat), which mpegts.js takes. */
  private deliver(bytes: Uint8Array<ArrayBuffer>): void {
    const byteStart = this.received;
    this.received += bytes.byteLength;
    this.statusValue = LOADER_STATUS.buffering;
    this.onDataArrival?.(bytes.buffer, byteStart, this.received);
  }

  private lost(connection: Connection, failure: LoaderFailure): void {
    if (this.stopped) return;
    connection.closed = true;
    if (connection === this.pending) {
      this.pending = undefined;
      // The first connection failed: no retry here, the player falls back to the next engine.
      if (this.received === 0 && this.active === undefined) return this.giveUp(failure);
      return this.retry(failure);
    }
    if (connection !== this.active) return;
    this.active = undefined;
    this.deps.onInterrupted?.();
    // A splice in progress takes over; otherwise reconnect.
    if (!this.pending) this.retry(failure);
  }

  /** Another connection after a backoff; with a connection still playing, running out is not fatal. */
  private retry(failure: LoaderFailure): void {
    const delay = (this.deps.reconnectDelaysMs ?? DEFAULT_RECONNECT_DELAYS_MS)[this.attempt];
    if (delay === undefined) {
      if (this.active === undefined) this.giveUp(failure);
      return;
    }
    this.attempt += 1;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped && !this.pending) this.pending = this.connect();
    }, delay);
  }

  private giveUp(failure: LoaderFailure): void {
    const onError = this.onError;
    this.abort();
    this.statusValue = LOADER_STATUS.error;
    onError?.(failure.code > 0 ? 'HttpStatusCodeInvalid' : 'Exception', failure);
  }
}

/**
 * The loader class for mpegts.js's `customLoader`: mpegts.js constructs it with its own arguments,
 * so the page's dependencies are bound here.
 */
export function splicingFlvLoader(deps: FlvLoaderDeps): new () => SplicingFlvLoader {
  return class extends SplicingFlvLoader {
    constructor() {
      super(deps);
    }
  };
}
