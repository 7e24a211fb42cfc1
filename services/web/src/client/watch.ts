// Entry of the viewer page (watch.html): reads the link's fragment, plays the seminar with the
// lowest-latency protocol the company allows and the browser supports, falls back on errors, and
// shows which protocol is playing. Loaded as a same-origin script under CSP `default-src 'self'`:
// no inline script, no eval, no third-party request.
import { Player, type PlaybackSource } from '@webinar/player';
import { viewerEngines } from './engines';
import { refusalMessage } from './refusal';
import { StatusView } from './status-view';
import { readAdvisoryClaims } from './token-claims';
import { parseWatchLink, type WatchLink } from './watch-link';

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`watch.html lacks #${id}`);
  return found;
}

const video = element('player', HTMLVideoElement);
const view = new StatusView({ video, status: element('status', HTMLElement), retry: element('retry', HTMLButtonElement) });
const engines = viewerEngines();
let player: Player | undefined;
let current: WatchLink | undefined;

video.addEventListener('playing', () => view.playing());

function sourceOf(link: WatchLink): PlaybackSource | undefined {
  const claims = readAdvisoryClaims(link.token);
  if (!claims) return undefined;
  return { edgeOrigin: link.edgeOrigin, seminarId: link.seminarId, token: link.token, protocols: claims.protocols };
}

function start(link: WatchLink): void {
  player?.destroy();
  current = link;
  const source = sourceOf(link);
  if (!source) return view.show('invalid-link', 'The link has no readable playback token.');
  player = new Player({
    video,
    source,
    engines,
    onEngine: (engine) => view.engine(engine),
    onFailure: () => view.refused(refusalMessage(readAdvisoryClaims(link.token), Date.now())),
  });
  player.start();
}

/** A new fragment: a fresh token for the same seminar keeps the engine and switches URLs. */
function onLink(): void {
  const parsed = parseWatchLink(location.hash, location.origin);
  if (!parsed.ok) {
    player?.destroy();
    player = undefined;
    return view.show('invalid-link', parsed.problem);
  }
  const { link } = parsed;
  const source = sourceOf(link);
  // Only a player that is still playing can switch URLs; after a refusal a new link starts afresh.
  if (player?.current && current && source && link.seminarId === current.seminarId && link.edgeOrigin === current.edgeOrigin) {
    current = link;
    return player.updateSource(source);
  }
  start(link);
}

element('retry', HTMLButtonElement).addEventListener('click', () => {
  if (current) start(current);
});
window.addEventListener('hashchange', onLink);
onLink();
