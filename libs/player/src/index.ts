export { type PlaybackEngine } from './engine';
export { hlsJsEngine, type HlsClassLike, type HlsInstanceLike } from './hlsjs-engine';
export { mpegtsEngine, type MpegtsLike, type MpegtsPlayerLike } from './mpegts-engine';
export { HLS_MIME_TYPE, nativeHlsEngine } from './native-hls-engine';
export { playbackUrl, type PlaybackSource } from './playback-urls';
export { Player, type PlayerOptions } from './player';
export { type VideoLike } from './video-like';
