import type { PlaybackProtocol } from '@webinar/contracts';
import type { VideoLike } from './video-like';

/** One way of playing a protocol in this browser (mpegts.js, hls.js, the browser's own HLS). */
export interface PlaybackEngine {
  readonly name: 'mpegts.js' | 'hls.js' | 'native-hls';
  readonly protocol: PlaybackProtocol;
  isSupported(video: VideoLike): boolean;
  /** Starts playing `url`; `onFatal` when it cannot go on. Returns the function that stops it. */
  start(video: VideoLike, url: string, onFatal: (reason: string) => void): () => void;
}
