// Plays a seminar with the lowest-latency protocol that works: the engines are tried in the order
// given (mpegts.js for HTTP-FLV, then hls.js, then native HLS), skipping protocols the viewer's
// company does not allow (the token's `pro`) and engines this browser lacks; a fatal error moves on
// to the next one. A refreshed token restarts the current engine on the new URL.
import type { PlaybackProtocol } from '@webinar/contracts';
import type { PlaybackEngine } from './engine';
import { playbackUrl, type PlaybackSource } from './playback-urls';
import type { VideoLike } from './video-like';

export interface PlayerOptions {
  video: VideoLike;
  source: PlaybackSource;
  /** In order of preference. */
  engines: readonly PlaybackEngine[];
  onEngine?(engine: PlaybackEngine): void;
  onFallback?(from: PlaybackEngine, reason: string): void;
  /** Every engine failed (or none is usable here). */
  onFailure?(reasons: string[]): void;
}

export class Player {
  private source: PlaybackSource;
  private candidates: PlaybackEngine[] = [];
  private index = -1;
  private stopCurrent?: () => void;
  private readonly reasons: string[] = [];
  private destroyed = false;

  constructor(private readonly opts: PlayerOptions) {
    this.source = opts.source;
  }

  /** The engines this viewer may use here, in the order they will be tried. */
  static usableEngines(engines: readonly PlaybackEngine[], allowed: readonly PlaybackProtocol[], video: VideoLike): PlaybackEngine[] {
    return engines.filter((engine) => allowed.includes(engine.protocol) && engine.isSupported(video));
  }

  get current(): PlaybackEngine | undefined {
    return this.candidates[this.index];
  }

  start(): void {
    this.candidates = Player.usableEngines(this.opts.engines, this.source.protocols, this.opts.video);
    this.index = -1;
    this.next();
  }

  /** A fresh token (the player refreshes it before expiry): keep the engine, switch the URL. */
  updateSource(source: PlaybackSource): void {
    this.source = source;
    const engine = this.current;
    if (!engine || this.destroyed) return;
    if (!source.protocols.includes(engine.protocol)) return this.start();
    this.run(engine);
  }

  destroy(): void {
    this.destroyed = true;
    this.stopCurrent?.();
    this.stopCurrent = undefined;
  }

  private next(): void {
    this.stopCurrent?.();
    this.stopCurrent = undefined;
    this.index += 1;
    const engine = this.candidates[this.index];
    if (!engine) {
      this.opts.onFailure?.(this.reasons.length > 0 ? [...this.reasons] : ['no usable playback engine']);
      return;
    }
    this.run(engine);
  }

  private run(engine: PlaybackEngine): void {
    this.stopCurrent?.();
    let active = true;
    const stop = engine.start(this.opts.video, playbackUrl(this.source, engine.protocol), (reason) => {
      if (!active || this.destroyed) return;
      active = false;
      this.reasons.push(reason);
      this.opts.onFallback?.(engine, reason);
      this.next();
    });
    this.stopCurrent = () => {
      active = false;
      stop();
    };
    this.opts.onEngine?.(engine);
  }
}
