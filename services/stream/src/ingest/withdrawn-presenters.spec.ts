import { WithdrawnPresenters } from './withdrawn-presenters';

describe('WithdrawnPresenters', () => {
  const user = 'u1';
  const seminar = 's1';
  const withdrawnAtMs = 1_800_000_000_500;

  it('refuses that presenter\'s keys for that seminar issued up to the withdrawal, and only those', () => {
    const sut = new WithdrawnPresenters(60_000, () => withdrawnAtMs);
    sut.withdraw({ userId: user, seminarId: seminar, atMs: withdrawnAtMs });
    expect(sut.refuses(user, seminar, 1_799_999_000)).toBe(true);
    expect(sut.refuses(user, seminar, 1_800_000_000)).toBe(true); // same second: refused (iat resolution)
    expect(sut.refuses(user, seminar, undefined)).toBe(true);
    expect(sut.refuses(user, seminar, 1_800_000_001)).toBe(false); // issued after a new grant
    expect(sut.refuses(user, 's2', 1_799_999_000)).toBe(false);
    expect(sut.refuses('u2', seminar, 1_799_999_000)).toBe(false);
  });

  it('keeps the latest withdrawal when messages arrive out of order, and tells listeners', () => {
    const sut = new WithdrawnPresenters(60_000, () => withdrawnAtMs);
    const heard: number[] = [];
    sut.onWithdrawn((w) => heard.push(w.atMs));
    sut.withdraw({ userId: user, seminarId: seminar, atMs: withdrawnAtMs });
    sut.withdraw({ userId: user, seminarId: seminar, atMs: withdrawnAtMs - 10_000 });
    expect(sut.refuses(user, seminar, 1_800_000_000)).toBe(true);
    expect(heard).toEqual([withdrawnAtMs, withdrawnAtMs]);
  });

  it('forgets a withdrawal after its retention', () => {
    let now = withdrawnAtMs;
    const sut = new WithdrawnPresenters(60_000, () => now);
    sut.withdraw({ userId: user, seminarId: seminar, atMs: withdrawnAtMs });
    now += 60_001;
    expect(sut.refuses(user, seminar, 1_799_999_000)).toBe(false);
  });
});
