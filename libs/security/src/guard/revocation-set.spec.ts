import { RevocationSet } from './revocation-set';

describe('RevocationSet', () => {
  let nowMs: number;
  let sut: RevocationSet;
  const seconds = (): number => Math.floor(nowMs / 1000);
  beforeEach(() => {
    nowMs = 1_700_000_000_000;
    sut = new RevocationSet({ now: () => nowMs });
  });

  it('refuses every token of a revoked session until `until`', () => {
    sut.revokeSession('s1', seconds() + 300);

    expect(sut.isRevoked({ sessionId: 's1', userId: 'u1' })).toBe(true);
    expect(sut.isRevoked({ sessionId: 's1', userId: 'u1' }, seconds() + 10)).toBe(true);
    expect(sut.isRevoked({ sessionId: 's2', userId: 'u1' })).toBe(false);

    nowMs += 301_000;
    expect(sut.isRevoked({ sessionId: 's1', userId: 'u1' })).toBe(false);
  });

  it('refuses tokens of a revoked user issued up to the revocation, not later ones', () => {
    const revokedAt = seconds();
    sut.revokeUser('u1', revokedAt + 300);

    expect(sut.isRevoked({ sessionId: 'a', userId: 'u1' }, revokedAt - 100)).toBe(true);
    expect(sut.isRevoked({ sessionId: 'a', userId: 'u1' }, revokedAt)).toBe(true);
    expect(sut.isRevoked({ sessionId: 'a', userId: 'u1' })).toBe(true);
    expect(sut.isRevoked({ sessionId: 'b', userId: 'u1' }, revokedAt + 1)).toBe(false);
    expect(sut.isRevoked({ sessionId: 'a', userId: 'u2' }, revokedAt - 100)).toBe(false);
  });

  it('refuses only the elevated tokens of a session whose elevation ended, issued up to the end', () => {
    const endedAt = seconds();
    sut.revokeElevation('s1', endedAt + 300);

    expect(sut.isRevoked({ sessionId: 's1', userId: 'u1', elevated: true }, endedAt - 10)).toBe(true);
    expect(sut.isRevoked({ sessionId: 's1', userId: 'u1', elevated: true }, endedAt)).toBe(true);
    // The session's ordinary tokens, another session's elevated ones, and a later elevation's: valid.
    expect(sut.isRevoked({ sessionId: 's1', userId: 'u1', elevated: false }, endedAt - 10)).toBe(false);
    expect(sut.isRevoked({ sessionId: 's1', userId: 'u1' }, endedAt - 10)).toBe(false);
    expect(sut.isRevoked({ sessionId: 's2', userId: 'u1', elevated: true }, endedAt - 10)).toBe(false);
    expect(sut.isRevoked({ sessionId: 's1', userId: 'u1', elevated: true }, endedAt + 1)).toBe(false);

    nowMs += 301_000;
    expect(sut.isRevoked({ sessionId: 's1', userId: 'u1', elevated: true }, endedAt - 10)).toBe(false);
    sut.purgeExpired();
    expect(sut.size).toBe(0);
  });

  it('keeps the later `until` when a session is revoked twice', () => {
    sut.revokeSession('s1', seconds() + 300);
    sut.revokeSession('s1', seconds() + 10);

    nowMs += 60_000;
    expect(sut.isRevoked({ sessionId: 's1', userId: 'u1' })).toBe(true);
  });

  it('forgets expired entries so it stays bounded', () => {
    for (let i = 0; i < 100; i++) sut.revokeSession(`s${i}`, seconds() + 300);
    sut.revokeUser('u1', seconds() + 300);
    expect(sut.size).toBe(101);

    nowMs += 301_000;
    sut.revokeSession('fresh', seconds() + 300);

    expect(sut.size).toBe(1);
  });
});
