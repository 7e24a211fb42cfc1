import type { PlaybackSource } from '@webinar/player';
import { CurrentSource } from './current-source';
import { ManagedPlayback, MAX_RESTARTS_WITHOUT_PLAYING, MIN_INTERRUPTION_INTERVAL_MS } from './managed-playback';
import type { GrantResult } from './playback-grant';
import { refreshDelayMs, retryDelayMs } from './refresh-timing';

const SEMINAR = '3f2b8c1e-5a4d-4e6f-9a7b-1c2d3e4f5a6b';
const grant = (token: string, lifetimeMs = 15_000): GrantResult => ({
  kind: 'granted',
  grant: { token, protocols: ['flv', 'hls'], edgeOrigin: 'https://media.example', lifetimeMs },
});

function setUp(answers: GrantResult[]) {
  const log: string[] = [];
  const source = new CurrentSource();
  let running = false;
  const requests: number[] = [];
  const session = new ManagedPlayback({
    seminarId: SEMINAR,
    random: () => 0.5,
    source,
    requestGrant: () => {
      requests.push(Date.now());
      const next = answers.shift();
      if (!next) throw new Error('no answer left');
      return Promise.resolve(next);
    },
    player: {
      start: (s: PlaybackSource) => {
        running = true;
        log.push(`start ${s.token}`);
      },
      sourceChanged: (previous, next) => log.push(`changed ${previous?.token ?? '-'} → ${next.token}`),
      stop: () => {
        if (running) log.push('stop');
        running = false;
      },
      get running() {
        return running;
      },
    },
    view: {
      connecting: (message) => log.push(`view connecting: ${message}`),
      signedOut: () => log.push('view signed-out'),
      notAvailable: (code) => log.push(`view not-available ${code}`),
      refused: () => log.push('view refused'),
    },
  });
  return { session, log, source, requests, fail: () => (running = false) };
}

/** Lets the pending promise callbacks run (fake timers do not run them). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

describe('ManagedPlayback', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_800_000_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('starts on the first token and hands each refreshed one to the running player at 60–70 % of its life', async () => {
    const t = setUp([grant('t1'), grant('t2'), grant('t3')]);
    t.session.start();
    await settle();
    expect(t.log).toEqual(['view connecting: Getting access to the seminar…', 'start t1']);
    expect(t.source.value?.token).toBe('t1');

    jest.advanceTimersByTime(refreshDelayMs(15_000, 0.5) - 1);
    await settle();
    expect(t.requests).toHaveLength(1);
    jest.advanceTimersByTime(1);
    await settle();
    expect(t.log.slice(2)).toEqual(['changed t1 → t2']);
    expect(t.source.value?.token).toBe('t2');
    jest.advanceTimersByTime(refreshDelayMs(15_000, 0.5));
    await settle();
    expect(t.log.slice(3)).toEqual(['changed t2 → t3']);
  });

  it('stops playback and says so when a refresh finds the viewer signed out', async () => {
    const t = setUp([grant('t1'), { kind: 'signed-out' }]);
    t.session.start();
    await settle();
    jest.advanceTimersByTime(MIN_INTERRUPTION_INTERVAL_MS);
    t.session.interrupted(); // the edge cut the FLV connection
    await settle();
    expect(t.log.slice(2)).toEqual(['stop', 'view signed-out']);
    expect(t.source.value).toBeUndefined();
    jest.advanceTimersByTime(600_000);
    expect(t.requests).toHaveLength(2); // nothing more asked
  });

  it('shows cms\'s refusal with its code (unregistered while watching)', async () => {
    const t = setUp([grant('t1'), { kind: 'refused', code: 'PLAYBACK.NOT_ALLOWED', status: 403 }]);
    t.session.start();
    await settle();
    jest.advanceTimersByTime(refreshDelayMs(15_000, 0.5));
    await settle();
    expect(t.log.slice(2)).toEqual(['stop', 'view not-available PLAYBACK.NOT_ALLOWED']);
  });

  it('retries with backoff while cms cannot be reached, quietly while the video plays', async () => {
    const unavailable: GrantResult = { kind: 'unavailable', reason: 'network failure' };
    const t = setUp([grant('t1'), unavailable, unavailable, grant('t2')]);
    t.session.start();
    await settle();
    jest.advanceTimersByTime(refreshDelayMs(15_000, 0.5));
    await settle();
    jest.advanceTimersByTime(retryDelayMs(0, 0.5));
    await settle();
    jest.advanceTimersByTime(retryDelayMs(1, 0.5));
    await settle();
    expect(t.requests.map((at) => at - t.requests[0]!)).toEqual([
      0,
      refreshDelayMs(15_000, 0.5),
      refreshDelayMs(15_000, 0.5) + retryDelayMs(0, 0.5),
      refreshDelayMs(15_000, 0.5) + retryDelayMs(0, 0.5) + retryDelayMs(1, 0.5),
    ]);
    expect(t.log.slice(2)).toEqual(['changed t1 → t2']);
  });

  it('says it is retrying when there is nothing playing yet', async () => {
    const t = setUp([{ kind: 'unavailable', reason: 'HTTP 503' }, grant('t1')]);
    t.session.start();
    await settle();
    expect(t.log.at(-1)).toBe('view connecting: The server cannot be reached; trying again in 1 s…');
    jest.advanceTimersByTime(retryDelayMs(0, 0.5));
    await settle();
    expect(t.log.at(-1)).toBe('start t1');
  });

  it('restarts a failed player with a fresh token, but not endlessly', async () => {
    const answers = Array.from({ length: MAX_RESTARTS_WITHOUT_PLAYING + 1 }, (_, i) => grant(`t${i + 1}`));
    const t = setUp(answers);
    t.session.start();
    await settle();
    for (let i = 0; i < MAX_RESTARTS_WITHOUT_PLAYING; i += 1) {
      t.fail();
      t.session.playerFailed();
      await settle();
    }
    expect(t.log.filter((l) => l.startsWith('start'))).toEqual(['start t1', 'start t2', 'start t3']);
    t.fail();
    t.session.playerFailed();
    await settle();
    expect(t.log.at(-1)).toBe('view refused');
    expect(t.requests).toHaveLength(MAX_RESTARTS_WITHOUT_PLAYING + 1);
  });

  it('asks about interruptions at most every 2 s, and not when the regular refresh comes sooner', async () => {
    const t = setUp([grant('t1'), grant('t2'), grant('t3')]);
    t.session.start();
    await settle();
    // hls.js reports each failed request: right after a grant, the question waits for the throttle.
    for (let i = 0; i < 5; i += 1) t.session.interrupted();
    await settle();
    expect(t.requests).toHaveLength(1);
    jest.advanceTimersByTime(MIN_INTERRUPTION_INTERVAL_MS);
    await settle();
    expect(t.requests.map((at) => at - t.requests[0]!)).toEqual([0, MIN_INTERRUPTION_INTERVAL_MS]);
    // A regular refresh due within the throttle window is not postponed.
    jest.advanceTimersByTime(refreshDelayMs(15_000, 0.5) - 1_000);
    t.session.interrupted();
    jest.advanceTimersByTime(1_000);
    await settle();
    expect(t.requests).toHaveLength(3);
    expect(t.log.filter((l) => l.startsWith('changed'))).toEqual(['changed t1 → t2', 'changed t2 → t3']);
  });

  it('asks once when a refresh is requested while one is under way', async () => {
    const t = setUp([grant('t1'), grant('t2')]);
    t.session.start();
    t.session.interrupted();
    t.session.interrupted();
    await settle();
    expect(t.requests).toHaveLength(1);
  });
});

describe('refresh timing', () => {
  it('refreshes between 60 and 70 % of the lifetime', () => {
    expect(refreshDelayMs(300_000, 0)).toBe(180_000);
    expect(refreshDelayMs(300_000, 0.999)).toBeLessThan(210_000);
  });

  it('backs off exponentially up to 30 s, each wait in the upper half of its step', () => {
    expect([0, 1, 2, 3].map((attempt) => retryDelayMs(attempt, 0))).toEqual([500, 1000, 2000, 4000]);
    expect(retryDelayMs(10, 0.999)).toBeLessThanOrEqual(30_000);
  });
});
