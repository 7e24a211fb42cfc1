// The viewer's current playback source (edge, seminar, token, protocols), shared by the page and the
// engines. Engines read the *current* token whenever they make a request (the FLV loader on each
// connection, hls.js on each playlist and segment request), so a refreshed token takes effect without
// restarting the engine — the Player restarts an engine on `updateSource`, which tears down the media
// element's buffer (a visible restart).
import { playbackUrl, type PlaybackSource } from '@webinar/player';
import type { PlaybackProtocol } from '@webinar/contracts';

export class CurrentSource {
  private source: PlaybackSource | undefined;
  private readonly listeners = new Set<() => void>();

  get value(): PlaybackSource | undefined {
    return this.source;
  }

  set(source: PlaybackSource): void {
    this.source = source;
    for (const listener of [...this.listeners]) listener();
  }

  clear(): void {
    this.source = undefined;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  url(protocol: PlaybackProtocol): string | undefined {
    return this.source ? playbackUrl(this.source, protocol) : undefined;
  }

  /**
   * `url` with its token segment replaced by the current token, when it is a media URL of the current
   * seminar on the current edge (`<edge>/live/<seminar>/<token>/<file>`); any other URL unchanged.
   */
  withCurrentToken(url: string): string {
    const source = this.source;
    if (!source) return url;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return url;
    }
    const base = new URL(playbackUrl(source, 'hls'));
    const segments = parsed.pathname.split('/');
    // ['', 'live', seminar, token, ...file]
    if (parsed.origin !== base.origin || segments[1] !== 'live' || segments.length < 5) return url;
    if (segments[2] !== encodeURIComponent(source.seminarId)) return url;
    segments[3] = encodeURIComponent(source.token);
    parsed.pathname = segments.join('/');
    return parsed.toString();
  }
}
