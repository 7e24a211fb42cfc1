// Entry of the viewer page (watch.html): reads the link's fragment, gets (and keeps refreshing) the
// playback token from cms with the viewer's session — or uses the link's own token — plays the
// seminar with the lowest-latency protocol the company allows and the browser supports, falls back on
// errors, and shows which protocol is playing or why nothing plays. Loaded as a same-origin script
// under CSP `default-src 'self'`: no inline script, no eval, no third-party request.
import { Player, type PlaybackSource } from '@webinar/player';
import { CurrentSource } from './current-source';
import { ENGINES_NEEDING_RESTART, viewerEngines } from './engines';
import { ManagedPlayback } from './managed-playback';
import { requestPlaybackGrant } from './playback-grant';
import { refusalMessage } from './refusal';
import { StatusView } from './status-view';
import { readAdvisoryClaims } from './token-claims';
import { type FixedToken, parseWatchLink } from './watch-link';

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`watch.html lacks #${id}`);
  return found;
}

const video = element('player', HTMLVideoElement);
const view = new StatusView({
  video,
  status: element('status', HTMLElement),
  retry: element('retry', HTMLButtonElement),
  signIn: element('sign-in', HTMLAnchorElement),
});
const source = new CurrentSource();
let managed: ManagedPlayback | undefined;
const engines = viewerEngines({ source, onInterrupted: () => managed?.interrupted() });
let player: Player | undefined;
let playerFailed = false;
/** What the running player does when every engine failed (depends on the mode). */
let onPlayerFailure: () => void = () => undefined;
/** The link being played with its own token (no refresh), if that is the mode. */
let fixed: { seminarId: string; token: FixedToken } | undefined;

video.addEventListener('playing', () => {
  view.playing();
  managed?.playing();
});

function startPlayer(next: PlaybackSource, onFailure: () => void): void {
  player?.destroy();
  playerFailed = false;
  onPlayerFailure = onFailure;
  const started = new Player({
    video,
    source: next,
    engines,
    onEngine: (engine) => view.engine(engine),
    onFailure: () => {
      if (player !== started) return;
      playerFailed = true;
      onFailure();
    },
  });
  player = started;
  started.start();
}

function stopPlayer(): void {
  player?.destroy();
  player = undefined;
}

/**
 * A new token under a running player. mpegts.js and hls.js follow the current source by themselves
 * (no restart). Native HLS cannot: Player.updateSource restarts it on the new URL. A changed protocol
 * list or media host starts a new player, which chooses the engine again (updateSource would keep an
 * engine that is still allowed, e.g. HLS when HTTP-FLV becomes allowed again).
 */
function sourceChanged(previous: PlaybackSource | undefined, next: PlaybackSource): void {
  const engine = player?.current;
  if (!player || !engine) return;
  const sameTarget = previous !== undefined && previous.edgeOrigin === next.edgeOrigin && previous.protocols.join() === next.protocols.join();
  if (!sameTarget) return startPlayer(next, onPlayerFailure);
  if (ENGINES_NEEDING_RESTART.has(engine.name)) player.updateSource(next);
}

function fixedSource(seminarId: string, token: FixedToken): PlaybackSource | undefined {
  const claims = readAdvisoryClaims(token.token);
  if (!claims) return undefined;
  return { edgeOrigin: token.edgeOrigin, seminarId, token: token.token, protocols: claims.protocols };
}

/** A link with its own token. A new token for the same seminar and host keeps the player running. */
function playFixed(seminarId: string, token: FixedToken, restart: boolean): void {
  const next = fixedSource(seminarId, token);
  if (!next) {
    stopPlayer();
    return view.show('invalid-link', 'The link has no readable playback token.');
  }
  const previous = source.value;
  const same = fixed?.seminarId === seminarId && fixed.token.edgeOrigin === token.edgeOrigin;
  fixed = { seminarId, token };
  if (!restart && same && player?.current && !playerFailed) {
    source.set(next);
    return sourceChanged(previous, next);
  }
  stopPlayer();
  source.set(next);
  startPlayer(next, () => view.refused(refusalMessage(readAdvisoryClaims(token.token), Date.now())));
}

function playManaged(seminarId: string): void {
  const session: ManagedPlayback = new ManagedPlayback({
    seminarId,
    requestGrant: () => requestPlaybackGrant((url, init) => fetch(url, init), seminarId, Date.now()),
    source,
    view,
    player: {
      start: (next) => startPlayer(next, () => session.playerFailed()),
      stop: stopPlayer,
      sourceChanged,
      get running() {
        return player !== undefined && !playerFailed;
      },
    },
  });
  managed = session;
  session.start();
}

function onLink(): void {
  const parsed = parseWatchLink(location.hash, location.origin);
  if (parsed.ok && !parsed.link.fixed && managed?.seminarId === parsed.link.seminarId) return;
  managed?.stop();
  managed = undefined;
  if (!parsed.ok) {
    stopPlayer();
    fixed = undefined;
    source.clear();
    return view.show('invalid-link', parsed.problem);
  }
  const { link } = parsed;
  if (link.fixed) return playFixed(link.seminarId, link.fixed, false);
  fixed = undefined;
  stopPlayer();
  source.clear();
  playManaged(link.seminarId);
}

element('retry', HTMLButtonElement).addEventListener('click', () => {
  if (managed) return managed.start();
  if (fixed) playFixed(fixed.seminarId, fixed.token, true);
});
window.addEventListener('hashchange', onLink);
onLink();
