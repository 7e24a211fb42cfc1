import type { PlaybackProtocol } from '@webinar/contracts';
import type { PlaybackEngine } from './engine';
import { hlsJsEngine, type HlsClassLike } from './hlsjs-engine';
import { mpegtsEngine, type MpegtsLike } from './mpegts-engine';
import { nativeHlsEngine } from './native-hls-engine';
import { Player } from './player';
import { playbackUrl, type PlaybackSource } from './playback-urls';
import type { VideoLike } from './video-like';

const video = (canPlayHls = false): VideoLike & { errorListeners: Array<() => void> } => {
  const errorListeners: Array<() => void> = [];
  return {
    src: '',
    errorListeners,
    canPlayType: (type) => (canPlayHls && type === 'application/vnd.apple.mpegurl' ? 'maybe' : ''),
    addEventListener: (_type, listener) => void errorListeners.push(listener),
    removeEventListener: (_type, listener) => void errorListeners.splice(errorListeners.indexOf(listener), 1),
    removeAttribute: function () {
      this.src = '';
    },
    load: () => undefined,
    play: () => Promise.resolve(),
  };
};

interface FakeEngine extends PlaybackEngine {
  started: string[];
  stopped: number;
  fail(reason: string): void;
}

const fakeEngine = (name: PlaybackEngine['name'], protocol: PlaybackProtocol, supported = true): FakeEngine => {
  let fatal: ((reason: string) => void) | undefined;
  const engine: FakeEngine = {
    name,
    protocol,
    started: [],
    stopped: 0,
    isSupported: () => supported,
    start: (_video, url, onFatal) => {
      engine.started.push(url);
      fatal = onFatal;
      return () => void (engine.stopped += 1);
    },
    fail: (reason) => fatal?.(reason),
  };
  return engine;
};

const source = (over: Partial<PlaybackSource> = {}): PlaybackSource => ({
  edgeOrigin: 'https://media.test/',
  seminarId: 'sem-1',
  token: 'tok.en.1',
  protocols: ['flv', 'hls'],
  ...over,
});

describe('playbackUrl', () => {
  it('puts the token in the path so relative segment URLs inherit it', () => {
    expect(playbackUrl(source(), 'hls')).toBe('https://media.test/live/sem-1/tok.en.1/index.m3u8');
    expect(playbackUrl(source(), 'flv')).toBe('https://media.test/live/sem-1/tok.en.1/stream.flv');
    expect(new URL('seg_7.ts', playbackUrl(source(), 'hls')).pathname).toBe('/live/sem-1/tok.en.1/seg_7.ts');
  });
});

describe('Player', () => {
  it('starts with the lowest-latency engine and falls back in order on fatal errors', () => {
    const flv = fakeEngine('mpegts.js', 'flv');
    const hls = fakeEngine('hls.js', 'hls');
    const native = fakeEngine('native-hls', 'hls');
    const used: string[] = [];
    const failures: string[][] = [];
    const sut = new Player({
      video: video(),
      source: source(),
      engines: [flv, hls, native],
      onEngine: (e) => used.push(e.name),
      onFailure: (reasons) => failures.push(reasons),
    });
    sut.start();
    expect(used).toEqual(['mpegts.js']);
    expect(flv.started).toEqual(['https://media.test/live/sem-1/tok.en.1/stream.flv']);
    flv.fail('network');
    flv.fail('again'); // a late error from a stopped engine changes nothing
    expect(used).toEqual(['mpegts.js', 'hls.js']);
    expect(flv.stopped).toBe(1);
    hls.fail('media');
    expect(used).toEqual(['mpegts.js', 'hls.js', 'native-hls']);
    native.fail('decode');
    expect(failures).toEqual([['network', 'media', 'decode']]);
  });

  it('skips protocols the company does not allow and engines the browser lacks', () => {
    const flv = fakeEngine('mpegts.js', 'flv');
    const hls = fakeEngine('hls.js', 'hls', false);
    const native = fakeEngine('native-hls', 'hls');
    const sut = new Player({ video: video(), source: source({ protocols: ['hls'] }), engines: [flv, hls, native] });
    sut.start();
    expect(sut.current?.name).toBe('native-hls');
    expect(flv.started).toEqual([]);
  });

  it('restarts the current engine on a refreshed token, and stops it on destroy', () => {
    const flv = fakeEngine('mpegts.js', 'flv');
    const sut = new Player({ video: video(), source: source(), engines: [flv] });
    sut.start();
    sut.updateSource(source({ token: 'tok.en.2' }));
    expect(flv.started).toEqual([
      'https://media.test/live/sem-1/tok.en.1/stream.flv',
      'https://media.test/live/sem-1/tok.en.2/stream.flv',
    ]);
    sut.destroy();
    expect(flv.stopped).toBe(2);
  });

  it('reports failure when nothing is usable', () => {
    const reasons: string[][] = [];
    new Player({ video: video(), source: source(), engines: [], onFailure: (r) => reasons.push(r) }).start();
    expect(reasons).toEqual([['no usable playback engine']]);
  });
});

describe('engine adapters', () => {
  it('drives mpegts.js with a live FLV source and treats its errors as fatal', () => {
    const events = new Map<string, (...args: unknown[]) => void>();
    const calls: string[] = [];
    const mpegts: MpegtsLike = {
      isSupported: () => true,
      Events: { ERROR: 'error' },
      createPlayer: (src) => {
        calls.push(`create ${src.type} live=${String(src.isLive)} ${src.url}`);
        return {
          attachMediaElement: () => void calls.push('attach'),
          load: () => void calls.push('load'),
          play: () => void calls.push('play'),
          destroy: () => void calls.push('destroy'),
          on: (event, listener) => void events.set(event, listener),
        };
      },
    };
    const fatal: string[] = [];
    const stop = mpegtsEngine(mpegts).start(video(), 'https://m/x.flv', (r) => fatal.push(r));
    events.get('error')?.('NetworkError');
    stop();
    expect(calls).toEqual(['create flv live=true https://m/x.flv', 'attach', 'load', 'play', 'destroy']);
    expect(fatal).toEqual(['mpegts.js: NetworkError']);
  });

  it('lets hls.js recover from non-fatal errors and falls back on fatal ones', () => {
    let onError: ((event: string, data: { fatal?: boolean; details?: string }) => void) | undefined;
    const FakeHls = class {
      static isSupported = (): boolean => true;
      static Events = { ERROR: 'hlsError' };
      loadSource(): void {}
      attachMedia(): void {}
      destroy(): void {}
      on(_event: string, listener: typeof onError): void {
        onError = listener;
      }
    } as unknown as HlsClassLike;
    const fatal: string[] = [];
    hlsJsEngine(FakeHls).start(video(), 'https://m/index.m3u8', (r) => fatal.push(r));
    onError?.('hlsError', { fatal: false, details: 'bufferStalledError' });
    onError?.('hlsError', { fatal: true, details: 'manifestLoadError' });
    expect(fatal).toEqual(['hls.js: manifestLoadError']);
  });

  it('uses native HLS only where the browser can play it', () => {
    const engine = nativeHlsEngine();
    expect(engine.isSupported(video(false))).toBe(false);
    const v = video(true);
    expect(engine.isSupported(v)).toBe(true);
    const fatal: string[] = [];
    const stop = engine.start(v, 'https://m/index.m3u8', (r) => fatal.push(r));
    expect(v.src).toBe('https://m/index.m3u8');
    v.errorListeners[0]?.();
    stop();
    expect(fatal).toEqual(['native HLS: media error']);
    expect(v.src).toBe('');
    expect(v.errorListeners).toHaveLength(0);
  });
});
