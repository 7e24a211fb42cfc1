export * from './stream.constants';
export * from './stream.module';
export * from './config';
export { type MediaKeys } from './media-keys';
export { type IngestSettings, MediaRuntime } from './media-runtime';
export { mediaTlsOptions, AEAD_TLS12_CIPHERS, type TlsMaterial } from './tls-profile';
export { resolveFfmpegPath } from './packaging/ffmpeg-path';
export { HttpMediaAuthority, type HttpMediaAuthorityOptions, type MediaAuthority } from './authority/media-authority';
export { STREAM_SERVICE } from './service';
