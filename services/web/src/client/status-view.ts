// What the viewer sees besides the video: one status line whose `data-state` (and, for refusals,
// `data-code`: the stable error code) a test or a style can read, and the protocol in use, also set as
// `data-protocol` / `data-engine` on the video.
import { SharedErrors } from '@webinar/contracts';
import type { PlaybackEngine } from '@webinar/player';
import { notAvailableMessage } from './cms-refusal';

/**
 * `refused`: the media edge refused (or every engine failed); `signed-out`: auth has no session for
 * this browser; `not-available`: cms refused a playback token (its code in `data-code`).
 */
export type ViewState = 'connecting' | 'playing' | 'refused' | 'invalid-link' | 'signed-out' | 'not-available';

export interface StatusElements {
  video: HTMLVideoElement;
  status: HTMLElement;
  retry: HTMLButtonElement;
  signIn: HTMLAnchorElement;
}

const PROTOCOL_LABEL: Record<PlaybackEngine['protocol'], string> = { flv: 'HTTP-FLV', hls: 'HLS' };
const RETRYABLE: ReadonlySet<ViewState> = new Set(['refused', 'not-available']);

export class StatusView {
  constructor(private readonly el: StatusElements) {}

  show(state: ViewState, message: string, code?: string): void {
    this.el.status.dataset['state'] = state;
    if (code === undefined) delete this.el.status.dataset['code'];
    else this.el.status.dataset['code'] = code;
    this.el.status.textContent = message;
    this.el.retry.hidden = !RETRYABLE.has(state);
    this.el.signIn.hidden = state !== 'signed-out';
  }

  connecting(message: string): void {
    this.show('connecting', message);
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
    this.stopped();
    this.show('refused', message);
  }

  signedOut(): void {
    this.stopped();
    this.show('signed-out', 'You are not signed in (or your session has ended), so the seminar cannot play. Sign in, then open this page again.', SharedErrors.unauthenticated.code);
  }

  notAvailable(code: string): void {
    this.stopped();
    this.show('not-available', notAvailableMessage(code), code);
  }

  private stopped(): void {
    delete this.el.video.dataset['protocol'];
    delete this.el.video.dataset['engine'];
  }
}
