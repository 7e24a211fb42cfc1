import { isPlaybackOpen, streamKeyWindow } from './stream-key-window';

describe('stream key window', () => {
  const startsAt = new Date('2026-12-01T10:00:00Z');
  const endsAt = new Date('2026-12-01T11:00:00Z');
  const seconds = (iso: string) => Date.parse(iso) / 1000;

  it('opens an hour before the start and closes an hour after the end', () => {
    expect(streamKeyWindow(startsAt, endsAt, new Date('2026-11-01T00:00:00Z'))).toEqual({
      notBefore: seconds('2026-12-01T09:00:00Z'),
      expiresAt: seconds('2026-12-01T12:00:00Z'),
    });
  });

  it('gives no window once it has passed', () => {
    expect(streamKeyWindow(startsAt, endsAt, new Date('2026-12-01T12:00:00Z'))).toBeUndefined();
    expect(streamKeyWindow(startsAt, endsAt, new Date('2026-12-01T11:59:59Z'))).toBeDefined();
  });
});

describe('playback opening', () => {
  const startsAt = new Date('2026-12-01T10:00:00Z');

  it('is open while live, and from 15 minutes before a scheduled start', () => {
    expect(isPlaybackOpen('live', startsAt, new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect(isPlaybackOpen('scheduled', startsAt, new Date('2026-12-01T09:45:00Z'))).toBe(true);
    expect(isPlaybackOpen('scheduled', startsAt, new Date('2026-12-01T09:44:59Z'))).toBe(false);
  });

  it('is closed for drafts, ended and archived seminars', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    for (const state of ['draft', 'ended', 'archived']) expect(isPlaybackOpen(state, startsAt, now)).toBe(false);
  });
});
