// The engines the viewer page offers the player, lowest latency first: HTTP-FLV through mpegts.js,
// then HLS through hls.js, then the browser's own HLS (Safari, iOS; recent Chromium too). The
// libraries are bundled into the page (no CDN), and passed to @webinar/player, which has no
// dependency on them. Each engine follows the page's current source, so a refreshed playback token
// reaches it without a restart: mpegts.js reads through the splicing FLV loader (flv-loader.ts),
// hls.js's requests are rewritten to the current token; native HLS cannot be reached inside, so the
// page restarts it with the new URL (Player.updateSource).
import {
  hlsJsEngine,
  type HlsClassLike,
  type HlsInstanceLike,
  type MpegtsLike,
  mpegtsEngine,
  nativeHlsEngine,
  type PlaybackEngine,
  type VideoLike,
} from '@webinar/player';
import Hls from 'hls.js';
import mpegts from 'mpegts.js';
import type { CurrentSource } from './current-source';
import { splicingFlvLoader } from './flv-loader';

export interface EngineHooks {
  source: CurrentSource;
  /**
   * The edge stopped serving this viewer (an FLV connection was lost, an HLS request failed): the
   * token may have expired or been revoked, or the network failed. The page asks cms why.
   */
  onInterrupted(): void;
}

/** Engines that cannot take a new token while playing; the page restarts them on a refresh. */
export const ENGINES_NEEDING_RESTART: ReadonlySet<PlaybackEngine['name']> = new Set(['native-hls']);

export function viewerEngines(hooks: EngineHooks): PlaybackEngine[] {
  // mpegts.js logs every chunk at debug level by default; errors are enough in a viewer's console.
  mpegts.LoggingControl.enableVerbose = false;
  mpegts.LoggingControl.enableDebug = false;
  mpegts.LoggingControl.enableInfo = false;
  const loader = splicingFlvLoader({
    fetch: (url, init) => fetch(url, init),
    currentUrl: () => (hooks.source.value?.protocols.includes('flv') ? hooks.source.url('flv') : undefined),
    subscribe: (listener) => hooks.source.subscribe(listener),
    onInterrupted: () => hooks.onInterrupted(),
  });
  // mpegts.js's typings declare a loader's callbacks as never null and its error type as the constants
  // object, unlike its runtime contract (src/io/loader.js), which SplicingFlvLoader follows.
  const customLoader = loader as unknown as mpegts.CustomLoaderConstructor;
  const followingMpegts: MpegtsLike = {
    isSupported: () => mpegts.isSupported(),
    Events: mpegts.Events,
    createPlayer: (source, config) => mpegts.createPlayer(source, { ...config, customLoader }),
  };
  return [mpegtsEngine(followingMpegts), hlsJsEngine(followingHls(hooks)), followingNative(nativeHlsEngine(), hooks.source)];
}

/** Native HLS started on the current token (the Player may hold an older one when it falls back). */
function followingNative(engine: PlaybackEngine, source: CurrentSource): PlaybackEngine {
  return { ...engine, start: (video, url, onFatal) => engine.start(video, source.withCurrentToken(url), onFatal) };
}

/**
 * hls.js typed for the player, with every request (playlist reloads, segments) sent to the current
 * token's URL, and its network errors reported to the page (the edge's refusals look like network
 * errors: they carry no CORS header). The player hands engines the structural VideoLike it was
 * given, and hls.js needs the real element — which on this page it always is (checked, not cast).
 */
function followingHls(hooks: EngineHooks): HlsClassLike {
  return class PageHls implements HlsInstanceLike {
    static readonly Events = { ERROR: Hls.Events.ERROR };
    static isSupported(): boolean {
      return Hls.isSupported();
    }

    private readonly hls: Hls;

    constructor(config?: Record<string, unknown>) {
      this.hls = new Hls({
        ...config,
        xhrSetup: (xhr: XMLHttpRequest, url: string) => xhr.open('GET', hooks.source.withCurrentToken(url), true),
      });
      this.hls.on(Hls.Events.ERROR, (_name, data) => {
        if (data.type === Hls.ErrorTypes.NETWORK_ERROR) hooks.onInterrupted();
      });
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
  };
}
