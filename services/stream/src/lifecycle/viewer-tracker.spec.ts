import { type TrackedViewer, ViewerTracker } from './viewer-tracker';

const viewer = (over: Partial<TrackedViewer> = {}): TrackedViewer => ({
  seminarId: 's1',
  companyId: 'c1',
  userId: 'u1',
  viewerSessionId: 'v1',
  protocol: 'hls',
  ...over,
});

describe('ViewerTracker', () => {
  let now = 0;
  const joined: TrackedViewer[] = [];
  const left: TrackedViewer[] = [];
  let sut: ViewerTracker;
  beforeEach(() => {
    now = 1_000;
    joined.length = 0;
    left.length = 0;
    sut = new ViewerTracker({ idleMs: 10_000, now: () => now, onJoined: (v) => joined.push(v), onLeft: (v) => left.push(v) });
  });

  it('counts an HLS viewer once across requests and lets it leave after the idle time', () => {
    sut.seen(viewer());
    now += 5_000;
    sut.seen(viewer());
    sut.sweep();
    expect(joined).toHaveLength(1);
    expect(sut.count('s1')).toBe(1);
    now += 10_001;
    sut.sweep();
    expect(left).toEqual([viewer()]);
    expect(sut.count('s1')).toBe(0);
  });

  it('keeps an FLV viewer while its connection is open, whatever the idle time', () => {
    const release = sut.connected(viewer({ protocol: 'flv' }));
    now += 60_000;
    sut.sweep();
    expect(left).toHaveLength(0);
    expect(sut.countByProtocol()).toEqual({ flv: 1, hls: 0 });
    release();
    release();
    expect(left).toHaveLength(1);
  });

  it('ends every viewer of a seminar when its stream ends', () => {
    sut.seen(viewer());
    sut.seen(viewer({ viewerSessionId: 'v2' }));
    sut.seen(viewer({ seminarId: 's2' }));
    sut.endSeminar('s1');
    expect(left.map((v) => v.viewerSessionId)).toEqual(['v1', 'v2']);
    expect(sut.count('s2')).toBe(1);
  });
});
