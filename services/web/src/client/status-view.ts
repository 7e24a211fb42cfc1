// What the viewer sees besides the video: one status line whose `data-state` a test (or a style)
// can read, and the protocol in use, also set as `data-protocol` / `data-engine` on the video.
import type { PlaybackEngine } from '@webinar/player';

export type ViewState = 'connecting' | 'playing' | 'refused' | 'invalid-link';

export interface StatusElements {
  video: HTMLVideoElement;
  status: HTMLElement;
  retry: HTMLButtonElement;
}

const PROTOCOL_LABEL: Record<PlaybackEngine['protocol'], string> = { flv: 'HTTP-FLV', hls: 'HLS' };

export class StatusView {
  constructor(private readonly el: StatusElements) {}

  show(state: ViewState, message: string): void {
    this.el.status.dataset['state'] = state;
    this.el.status.textContent = message;
    this.el.retry.hidden = state !== 'refused';
  }

  engine(engine: PlaybackEngine): void {
    this.el.video.dataset['protocol'] = engine.protocol;
    this.el.video.dataset['engine'] = engine.name;
    this.show('connecting', `Connecting over ${PROTOCOL_LABEL[engine.protocol]} (${engine.name})…`);
  }

  playing(): void {
    const { protocol, engine } = this.el.video.dataset;
    const label = protocol === 'flv' || protocol === 'hls' ? PROTOCOL_LABEL[protocol] : 'unknown protocol';
    this.show('playing', `Playing over ${label} (${engine ?? 'unknown engine'}).`);
  }

  /** Nothing could play: clear the protocol so no one mistakes the last attempt for a live one. */
  refused(message: string): void {
    delete this.el.video.dataset['protocol'];
    delete this.el.video.dataset['engine'];
    this.show('refused', message);
  }
}
