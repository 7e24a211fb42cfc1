// The browser's own HLS (Safari, iOS): the last resort.
import type { PlaybackEngine } from './engine';

export const HLS_MIME_TYPE = 'application/vnd.apple.mpegurl';

export function nativeHlsEngine(): PlaybackEngine {
  return {
    name: 'native-hls',
    protocol: 'hls',
    isSupported: (video) => video.canPlayType(HLS_MIME_TYPE) !== '',
    start(video, url, onFatal) {
      const onError = (): void => onFatal('native HLS: media error');
      video.addEventListener('error', onError);
      video.src = url;
      void Promise.resolve(video.play()).catch(() => undefined);
      return () => {
        video.removeEventListener('error', onError);
        video.removeAttribute('src');
        video.load();
      };
    },
  };
}
