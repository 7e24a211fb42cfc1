// The engines the viewer page offers the player, lowest latency first: HTTP-FLV through mpegts.js,
// then HLS through hls.js, then the browser's own HLS (Safari, iOS; recent Chromium too). The
// libraries are bundled into the page (no CDN), and passed to @webinar/player, which has no
// dependency on them.
import { hlsJsEngine, type HlsClassLike, type HlsInstanceLike, mpegtsEngine, nativeHlsEngine, type PlaybackEngine, type VideoLike } from '@webinar/player';
import Hls from 'hls.js';
import mpegts from 'mpegts.js';

export function viewerEngines(): PlaybackEngine[] {
  // mpegts.js logs every chunk at debug level by default; errors are enough in a viewer's console.
  mpegts.LoggingControl.enableVerbose = false;
  mpegts.LoggingControl.enableDebug = false;
  mpegts.LoggingControl.enableInfo = false;
  return [mpegtsEngine(mpegts), hlsJsEngine(PageHls), nativeHlsEngine()];
}

/**
 * hls.js typed for the player: the player hands engines the structural VideoLike it was given, and
 * hls.js needs the real element — which on this page it always is (checked, not cast).
 */
class PageHls implements HlsInstanceLike {
  static readonly Events = { ERROR: Hls.Events.ERROR };
  static isSupported(): boolean {
    return Hls.isSupported();
  }

  private readonly hls: Hls;

  constructor(config?: Record<string, unknown>) {
    this.hls = new Hls(config);
  }

  loadSource(url: string): void {
    this.hls.loadSource(url);
  }

  attachMedia(video: VideoLike): void {
    if (!(video instanceof HTMLMediaElement)) throw new TypeError('hls.js plays into a media element only');
    this.hls.attachMedia(video);
  }

  on(event: string, listener: (event: string, data: { fatal?: boolean; details?: string }) => void): void {
    if (event !== String(Hls.Events.ERROR)) throw new TypeError(`unexpected hls.js event ${event}`);
    this.hls.on(Hls.Events.ERROR, (name, data) => listener(name, { fatal: data.fatal, details: data.details }));
  }

  destroy(): void {
    this.hls.destroy();
  }
}

// Compile-time check that the adapter is what hlsJsEngine expects.
const _check: HlsClassLike = PageHls;
