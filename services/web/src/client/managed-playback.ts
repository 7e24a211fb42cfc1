// The viewer page's own token handling (`watch.html#seminar=<id>`): gets a playback token with the
// viewer's session, starts the player, refreshes the token at 60–70 % of its lifetime (retrying with
// backoff while cms cannot be reached) and hands each new one to the engines. It stops playback and
// says why as soon as a refresh is refused: signed out (logout, session expired or revoked elsewhere),
// or a cms refusal with its code (unregistered, seminar over…). The edge cuts the media on the same
// events through the bus; the page learns the reason from auth and cms, whose answers it can read.
import type { PlaybackSource } from '@webinar/player';
import type { CurrentSource } from './current-source';
import type { GrantResult } from './playback-grant';
import { refreshDelayMs, retryDelayMs } from './refresh-timing';

export interface ManagedView {
  connecting(message: string): void;
  signedOut(): void;
  notAvailable(code: string): void;
  refused(message: string): void;
}

export interface ManagedPlayer {
  /** A new player on `source` (replacing any). */
  start(source: PlaybackSource): void;
  /** The source changed under a running player: restart the engines that cannot follow it. */
  sourceChanged(previous: PlaybackSource | undefined, next: PlaybackSource): void;
  stop(): void;
  /** A player exists and has not given up. */
  readonly running: boolean;
}

export interface ManagedPlaybackDeps {
  seminarId: string;
  requestGrant(): Promise<GrantResult>;
  source: CurrentSource;
  player: ManagedPlayer;
  view: ManagedView;
  /** In [0, 1); Math.random by default. */
  random?: () => number;
}

/**
 * How many times in a row the player may give up (every engine failed) before the page stops
 * trying with fresh tokens and shows the refusal: an edge that refuses valid tokens, or a stream that
 * is not there, would otherwise loop.
 */
export const MAX_RESTARTS_WITHOUT_PLAYING = 2;
/**
 * Interruptions ask cms at most this often: hls.js reports every failed request, and a viewer the
 * edge refuses fails a request every second. Soon enough to tell a signed-out viewer within seconds.
 */
export const MIN_INTERRUPTION_INTERVAL_MS = 2_000;

export class ManagedPlayback {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerDueAt: number | undefined;
  private lastRequestAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;
  private retryAttempt = 0;
  private restartsWithoutPlaying = 0;
  private needsStart = true;
  private stopped = true;

  constructor(private readonly deps: ManagedPlaybackDeps) {}

  get seminarId(): string {
    return this.deps.seminarId;
  }

  start(): void {
    this.stopped = false;
    this.needsStart = true;
    this.restartsWithoutPlaying = 0;
    this.retryAttempt = 0;
    this.deps.view.connecting('Getting access to the seminar…');
    void this.refresh();
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer();
    this.deps.player.stop();
  }

  /** The video plays: failures before this no longer count. */
  playing(): void {
    this.restartsWithoutPlaying = 0;
  }

  /**
   * The edge stopped serving (an FLV connection dropped, an HLS request failed): ask now — or as soon
   * as the throttle allows — so a revoked viewer learns why and a live one gets a fresh token.
   */
  interrupted(): void {
    if (this.stopped || this.inFlight) return;
    const wait = this.lastRequestAt + MIN_INTERRUPTION_INTERVAL_MS - Date.now();
    if (wait <= 0) return void this.refresh();
    // Unless the regular refresh comes sooner anyway.
    if (this.timerDueAt === undefined || this.timerDueAt > Date.now() + wait) this.schedule(wait);
  }

  /** Every engine failed: with a fresh token, start again — a few times. */
  playerFailed(): void {
    if (this.stopped) return;
    this.restartsWithoutPlaying += 1;
    if (this.restartsWithoutPlaying > MAX_RESTARTS_WITHOUT_PLAYING) {
      this.cancelTimer();
      this.deps.view.refused('Playback failed: the stream may have ended, or the media server cannot be reached from here.');
      return;
    }
    this.needsStart = true;
    this.deps.view.connecting('Reconnecting…');
    void this.refresh();
  }

  /** One request at a time: a refresh asked for while one runs shares its answer. */
  private refresh(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.cancelTimer();
    this.lastRequestAt = Date.now();
    const request = this.deps
      .requestGrant()
      .catch((): GrantResult => ({ kind: 'unavailable', reason: 'unexpected failure' }))
      .then((result) => {
        this.inFlight = undefined;
        this.apply(result);
      });
    this.inFlight = request;
    return request;
  }

  private apply(result: GrantResult): void {
    if (this.stopped) return;
    const random = this.deps.random ?? Math.random;
    const { player, source, view } = this.deps;
    switch (result.kind) {
      case 'granted': {
        this.retryAttempt = 0;
        const { grant } = result;
        const next: PlaybackSource = { edgeOrigin: grant.edgeOrigin, seminarId: this.deps.seminarId, token: grant.token, protocols: grant.protocols };
        if (this.needsStart || !player.running) {
          this.needsStart = false;
          // Stopped first, so the old engines do not chase the new token on their way out.
          player.stop();
          source.set(next);
          player.start(next);
        } else {
          const previous = source.value;
          source.set(next);
          player.sourceChanged(previous, next);
        }
        this.schedule(refreshDelayMs(grant.lifetimeMs, random()));
        return;
      }
      case 'signed-out':
        this.halt();
        view.signedOut();
        return;
      case 'refused':
        this.halt();
        view.notAvailable(result.code);
        return;
      case 'unavailable': {
        const delay = retryDelayMs(this.retryAttempt, random());
        this.retryAttempt += 1;
        // While the video plays on the current token, retry quietly.
        if (this.needsStart || !player.running) {
          view.connecting(`The server cannot be reached; trying again in ${Math.ceil(delay / 1000)} s…`);
        }
        this.schedule(delay);
        return;
      }
    }
  }

  private schedule(delayMs: number): void {
    this.cancelTimer();
    this.timerDueAt = Date.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerDueAt = undefined;
      void this.refresh();
    }, delayMs);
  }

  private cancelTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDueAt = undefined;
  }

  private halt(): void {
    this.cancelTimer();
    this.needsStart = true;
    this.deps.player.stop();
    this.deps.source.clear();
  }
}
