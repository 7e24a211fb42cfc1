export { type PlaybackEngine } from './engine';
export { hlsJsEngine, type HlsClassLike, type HlsInstanceLike } from './hlsjs-engine';
export { mpegtsEngine, type MpegtsLike, type MpegtsPlayerLike } from './mpegts-engine';
export { HLS_MIME_TYPE, nativeHlsEngine } from './native-hls-engine';
export { playbackUrl, type PlaybackSource } from './playback-urls';
export { Player, type PlayerOptions } from './player';
export { type VideoLike } from './video-like';
export {
  FLV_TAG_AUDIO,
  FLV_TAG_SCRIPT,
  FLV_TAG_VIDEO,
  FlvFormatError,
  FlvTagReader,
  type FlvUnit,
  isAudioSequenceHeader,
  isSequenceHeader,
  videoTagKind,
} from './flv-tags';
