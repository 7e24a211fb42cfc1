// The edge's URLs for one viewer: the playback token is a path segment, so the relative segment URIs
// of a playlist inherit it (see docs/media.md).
import type { PlaybackProtocol } from '@webinar/contracts';

export interface PlaybackSource {
  /** The media host, e.g. `https://media.example:443`. */
  edgeOrigin: string;
  seminarId: string;
  /** The playback token from cms. */
  token: string;
  /** The token's `pro` claim: the protocols the viewer's company allows. */
  protocols: readonly PlaybackProtocol[];
}

export function playbackUrl(source: PlaybackSource, protocol: PlaybackProtocol): string {
  const file = protocol === 'flv' ? 'stream.flv' : 'index.m3u8';
  const base = source.edgeOrigin.replace(/\/+$/, '');
  return `${base}/live/${encodeURIComponent(source.seminarId)}/${encodeURIComponent(source.token)}/${file}`;
}
