// The live player of the room, loaded only there (a separate chunk: mpegts.js and hls.js stay out of
// every other page). The viewer page's own code (src/client) does the work: playback tokens from
// cms with the session, lowest-latency protocol first, fallback, refusals shown in the status line.
import { Player, type PlaybackSource } from '@webinar/player';
import { CurrentSource } from '../../client/current-source';
import { ENGINES_NEEDING_RESTART, viewerEngines } from '../../client/engines';
import { ManagedPlayback } from '../../client/managed-playback';
import { requestPlaybackGrant } from '../../client/playback-grant';
import { StatusView, type StatusElements } from '../../client/status-view';

export interface RoomPlayer {
  retry(): void;
  stop(): void;
}

export function startRoomPlayer(seminarId: string, elements: StatusElements): RoomPlayer {
  const { video } = elements;
  const view = new StatusView(elements);
  const source = new CurrentSource();
  let player: Player | undefined;
  let failed = false;
  // The engines and the player report to the managed playback created below (they need each other).
  const ref: { managed?: ManagedPlayback } = {};
  const engines = viewerEngines({ source, onInterrupted: () => ref.managed?.interrupted() });
  const onPlaying = () => {
    view.playing();
    ref.managed?.playing();
  };
  video.addEventListener('playing', onPlaying);
  const start = (next: PlaybackSource) => {
    player?.destroy();
    failed = false;
    const started = new Player({
      video,
      source: next,
      engines,
      onEngine: (engine) => view.engine(engine),
      onFailure: () => {
        if (player !== started) return;
        failed = true;
        ref.managed?.playerFailed();
      },
    });
    player = started;
    started.start();
  };
  const stopPlayer = () => {
    player?.destroy();
    player = undefined;
  };
  const managed = new ManagedPlayback({
    seminarId,
    requestGrant: () => requestPlaybackGrant((url, init) => fetch(url, init), seminarId, Date.now()),
    source,
    view,
    player: {
      start,
      stop: stopPlayer,
      sourceChanged: (previous, next) => {
        const engine = player?.current;
        if (!player || !engine) return;
        const same = previous !== undefined && previous.edgeOrigin === next.edgeOrigin && previous.protocols.join() === next.protocols.join();
        if (!same) return start(next);
        if (ENGINES_NEEDING_RESTART.has(engine.name)) player.updateSource(next);
      },
      get running() {
        return player !== undefined && !failed;
      },
    },
  });
  ref.managed = managed;
  managed.start();
  return {
    retry: () => managed.start(),
    stop: () => {
      video.removeEventListener('playing', onPlaying);
      managed.stop();
      stopPlayer();
    },
  };
}
