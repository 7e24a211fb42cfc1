// The web tier's supervisor of its media child (media-child.ts): forks it, bridges the in-process bus
// to it over the IPC channel, restarts it at once when it dies (then with the platform's one backoff
// while it keeps dying), and stops it first on shutdown so that its last events still reach the bus.
// The web tier itself never depends on the child being up: only its readiness says so.
import { type ChildProcess, fork } from 'node:child_process';
import { backoffDelay, childChannel, IpcBusBridge, type Logger, type MessageBus } from '@webinar/messaging';
import { MEDIA_FRAME, MEDIA_START_FAILED, mediaStateFrameSchema } from './media-state';

export type MediaChildState = 'starting' | 'ready' | 'stopping' | 'restarting' | 'stopped';

export interface MediaSupervisorOptions {
  /** The built media-child.js. */
  entry: string;
  bus: MessageBus;
  logger: Logger;
  /** How long a stop waits for the child's drain before it is killed. Default 30 s. */
  stopTimeoutMs?: number;
}

/** Deaths closer together than this count as one crash loop, which the backoff slows down. */
const CRASH_LOOP_WINDOW_MS = 60_000;
/** Exit statuses of a start that would fail again the same way: a bad setting (78) or a failed start. */
const HOPELESS = new Set([78, MEDIA_START_FAILED]);

export class MediaSupervisor {
  private child?: ChildProcess;
  private current: MediaChildState = 'stopped';
  private deaths: number[] = [];
  private restartTimer?: NodeJS.Timeout;
  private everReady = false;
  private exited?: Promise<void>;
  private firstStart?: { resolve: () => void; reject: (error: Error) => void };

  constructor(private readonly opts: MediaSupervisorOptions) {}

  get state(): MediaChildState {
    return this.current;
  }

  /** The running child's pid (tests, logs). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the child; resolves once it serves. Rejects when it cannot start at all (its settings, its ports). */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.firstStart = { resolve, reject };
      this.spawn();
    });
  }

  /** For the web tier's readiness: rejects while the media tier is not serving. */
  async check(): Promise<void> {
    if (this.current !== 'ready') throw new Error(`media tier ${this.current}`);
  }

  /** Stops the child (SIGTERM: it ends live streams and journals their ends), killing it after the timeout. */
  async stop(): Promise<void> {
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      this.current = 'stopped';
      return;
    }
    this.current = 'stopping';
    child.kill('SIGTERM');
    const killer = setTimeout(() => {
      this.opts.logger.warn({ pid: child.pid }, 'media tier did not stop in time; killed');
      child.kill('SIGKILL');
    }, this.opts.stopTimeoutMs ?? 30_000);
    await this.exited;
    clearTimeout(killer);
    this.current = 'stopped';
  }

  private spawn(): void {
    this.current = this.everReady ? 'restarting' : 'starting';
    // Secrets stay out of argv: the child reads the same environment and the files under DATA_DIR.
    const child = fork(this.opts.entry, [], { stdio: 'inherit', serialization: 'json' });
    this.child = child;
    const bridge = new IpcBusBridge(this.opts.bus, childChannel(child), this.opts.logger);
    child.on('message', (value: unknown) => this.onFrame(value));
    this.exited = new Promise((done) => {
      child.once('exit', (code, signal) => {
        void bridge.close();
        this.onExit(code, signal);
        done();
      });
    });
    this.opts.logger.info({ pid: child.pid }, 'media tier process started');
  }

  private onFrame(value: unknown): void {
    if (typeof value !== 'object' || value === null || (value as { kind?: unknown }).kind !== MEDIA_FRAME) return;
    const frame = mediaStateFrameSchema.safeParse(value);
    if (!frame.success) {
      this.opts.logger.warn({}, 'malformed state frame from the media tier ignored');
      return;
    }
    if (frame.data.state === 'stopping') {
      this.current = 'stopping';
      return;
    }
    if (this.current === 'stopping') return;
    this.current = 'ready';
    this.everReady = true;
    this.opts.logger.info({ pid: this.child?.pid }, 'media tier ready');
    this.firstStart?.resolve();
    this.firstStart = undefined;
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.current === 'stopping' || this.current === 'stopped') {
      this.current = 'stopped';
      // A stop asked for during the start (Ctrl-C while starting) ends the start too.
      this.firstStart?.resolve();
      this.firstStart = undefined;
      return;
    }
    if (!this.everReady && code !== null && HOPELESS.has(code)) {
      this.current = 'stopped';
      this.firstStart?.reject(new Error(`the media tier could not start (exit ${code})`));
      this.firstStart = undefined;
      return;
    }
    const now = Date.now();
    this.deaths = [...this.deaths.filter((at) => now - at < CRASH_LOOP_WINDOW_MS), now];
    // The first death is restarted at once; a crash loop waits longer each time, never giving up:
    // the web tier keeps serving and its readiness reports the media tier down meanwhile.
    const pauseMs = this.deaths.length <= 1 ? 0 : backoffDelay({ initialMs: 500, maxMs: 8_000 }, this.deaths.length - 2);
    this.current = 'restarting';
    this.opts.logger.error({ code, signal, pauseMs }, 'media tier stopped unexpectedly; restarting');
    this.restartTimer = setTimeout(() => this.spawn(), pauseMs);
  }
}
