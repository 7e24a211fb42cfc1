// HLS through hls.js (MSE browsers). The class is passed in by the web app. Two segments of live
// sync measured 2.9 s glass-to-glass with 1 s segments (../shared/STACK.md).
import type { PlaybackEngine } from './engine';
import type { VideoLike } from './video-like';

export interface HlsInstanceLike {
  loadSource(url: string): void;
  attachMedia(video: VideoLike): void;
  on(event: string, listener: (event: string, data: { fatal?: boolean; details?: string }) => void): void;
  destroy(): void;
}

export interface HlsClassLike {
  new (config?: Record<string, unknown>): HlsInstanceLike;
  isSupported(): boolean;
  Events: { ERROR: string };
}

export function hlsJsEngine(Hls: HlsClassLike): PlaybackEngine {
  return {
    name: 'hls.js',
    protocol: 'hls',
    isSupported: () => Hls.isSupported(),
    start(video, url, onFatal) {
      const hls = new Hls({ liveSyncDurationCount: 2, lowLatencyMode: false });
      hls.on(Hls.Events.ERROR, (_event, data) => {
        if (data.fatal) onFatal(`hls.js: ${data.details ?? 'fatal error'}`);
      });
      hls.loadSource(url);
      hls.attachMedia(video);
      void Promise.resolve(video.play()).catch(() => undefined);
      return () => hls.destroy();
    },
  };
}
