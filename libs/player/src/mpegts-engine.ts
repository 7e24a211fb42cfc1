// HTTP-FLV through mpegts.js (sub-second latency). The module is passed in (the web app imports
// it), so this library has no dependency on it and tests use a fake.
import type { PlaybackEngine } from './engine';
import type { VideoLike } from './video-like';

export interface MpegtsPlayerLike {
  attachMediaElement(video: VideoLike): void;
  load(): void;
  play(): Promise<void> | void;
  destroy(): void;
  on(event: string, listener: (...args: unknown[]) => void): void;
}

export interface MpegtsLike {
  isSupported(): boolean;
  createPlayer(source: { type: 'flv'; isLive: true; url: string }, config?: Record<string, unknown>): MpegtsPlayerLike;
  Events: { ERROR: string };
}

export function mpegtsEngine(mpegts: MpegtsLike): PlaybackEngine {
  return {
    name: 'mpegts.js',
    protocol: 'flv',
    isSupported: () => mpegts.isSupported(),
    start(video, url, onFatal) {
      const player = mpegts.createPlayer(
        { type: 'flv', isLive: true, url },
        { enableStashBuffer: false, liveBufferLatencyChasing: true, liveBufferLatencyMaxLatency: 1.2 },
      );
      // mpegts.js reports network and media errors through one event; every one ends this attempt.
      player.on(mpegts.Events.ERROR, (type: unknown) => onFatal(`mpegts.js: ${String(type)}`));
      player.attachMediaElement(video);
      player.load();
      void Promise.resolve(player.play()).catch(() => undefined);
      return () => player.destroy();
    },
  };
}
