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
      // Latency control: play slightly fast (1.2×) whenever more than 0.6 s is buffered, down to
      // 0.3 s; jump only beyond 1.5 s. The buffer settles anywhere below the first threshold, so it
      // bounds latency: with a lone 1.2 s jump threshold glass-to-glass measured 0.7–1.2 s depending
      // on the join, with this 0.36–0.63 s (bench/glass-to-glass, goal ≤ 0.8 s).
      const player = mpegts.createPlayer(
        { type: 'flv', isLive: true, url },
        {
          enableStashBuffer: false,
          liveSync: true,
          liveSyncMaxLatency: 0.6,
          liveSyncTargetLatency: 0.3,
          liveSyncPlaybackRate: 1.2,
          liveBufferLatencyChasing: true,
          liveBufferLatencyMaxLatency: 1.5,
          liveBufferLatencyMinRemain: 0.3,
        },
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
