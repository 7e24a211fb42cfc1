import { Events, type RevocationSnapshot } from '@webinar/contracts';
import { randomUUID } from 'node:crypto';
import { PlaybackRevocations } from './edge/playback-revocations';
import { RevokedStreamKeys } from './ingest/revoked-stream-keys';
import { WithdrawnPresenters } from './ingest/withdrawn-presenters';
import type { MediaAuthority } from './authority/media-authority';
import { applySnapshots } from './node-feed';
import { RevocationGate } from './revocation-gate';

const silent = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
const seconds = (ms: number): number => Math.floor(ms / 1000);

describe('applySnapshots', () => {
  const targets = () => ({ revocations: new PlaybackRevocations(), revokedKeys: new RevokedStreamKeys(), withdrawnPresenters: new WithdrawnPresenters() });
  const entry = (name: RevocationSnapshot['events'][number]['name'], payload: Record<string, unknown>) => ({
    id: randomUUID(),
    name,
    occurredAt: new Date().toISOString(),
    payload,
  });

  it('applies each kind from the instant it carries, so tokens issued later stay valid', () => {
    const t = targets();
    const [user, session, seminar, company, presenter, oldKey] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const at = Date.now() - 60_000;
    const invalid = applySnapshots(
      [
        {
          takenAt: new Date().toISOString(),
          events: [
            entry(Events.SessionRevoked, { sessionId: session, userId: user, revokedAt: new Date(at).toISOString() }),
            entry(Events.UserRevoked, { userId: user, companyId: company, revokedAt: new Date(at).toISOString() }),
            entry(Events.RegistrationCancelled, { registrationId: randomUUID(), seminarId: seminar, companyId: company, userId: presenter, cancelledAt: new Date(at).toISOString() }),
            entry(Events.StreamKeyRotated, { seminarId: seminar, companyId: company, keyId: randomUUID(), previousKeyId: oldKey, rotatedAt: new Date(at).toISOString() }),
            entry(Events.GrantChanged, { companyId: company, userId: presenter, seminarId: seminar, roles: ['moderator'], changedAt: new Date(at).toISOString() }),
            // Invalid payloads are counted and skipped, like a dead-lettered bus message.
            entry(Events.SessionRevoked, { sessionId: 'not-a-uuid' }),
          ],
        },
      ],
      t,
    );
    expect(invalid).toBe(1);
    const other = randomUUID();
    expect(t.revocations.isRevoked({ userId: other, sessionId: session, seminarId: seminar, issuedAt: seconds(Date.now()) })).toBe(true);
    expect(t.revocations.isRevoked({ userId: user, sessionId: other, seminarId: seminar, issuedAt: seconds(at) - 5 })).toBe(true);
    // The user signed in again after the revocation: that token is theirs to use.
    expect(t.revocations.isRevoked({ userId: user, sessionId: other, seminarId: seminar, issuedAt: seconds(at) + 5 })).toBe(false);
    expect(t.revocations.isRevoked({ userId: presenter, sessionId: other, seminarId: seminar, issuedAt: seconds(at) - 5 })).toBe(true);
    expect(t.revocations.isRevoked({ userId: presenter, sessionId: other, seminarId: seminar, issuedAt: seconds(at) + 5 })).toBe(false);
    expect(t.revokedKeys.has(oldKey)).toBe(true);
    expect(t.withdrawnPresenters.refuses(presenter, seminar, seconds(at) - 5)).toBe(true);
    expect(t.withdrawnPresenters.refuses(presenter, seminar, seconds(at) + 5)).toBe(false);
  });
});

describe('RevocationGate', () => {
  afterEach(() => jest.useRealTimers());

  it('is open at once without an authority (bus-only, the library default)', async () => {
    const gate = new RevocationGate({ apply: jest.fn(), logger: silent });
    expect(gate.ready).toBe(true);
    await gate.start();
    expect(gate.ready).toBe(true);
    await expect(gate.authorizePublish({ keyId: randomUUID(), seminarId: randomUUID(), presenterId: randomUUID() })).resolves.toEqual({ allowed: true });
  });

  it('stays closed while the snapshot cannot be loaded, retries with backoff, and opens once it loads', async () => {
    jest.useFakeTimers();
    const snapshots: RevocationSnapshot[] = [{ takenAt: new Date().toISOString(), events: [] }];
    const loadSnapshots = jest
      .fn<Promise<RevocationSnapshot[]>, []>()
      .mockRejectedValueOnce(new Error('ECONNREFUSED'))
      .mockRejectedValueOnce(new Error('ECONNREFUSED'))
      .mockResolvedValue(snapshots);
    const authority: MediaAuthority = { loadSnapshots, authorizePublish: jest.fn() };
    const apply = jest.fn();
    const gate = new RevocationGate({ authority, apply, logger: silent, initialRetryMs: 100, maxRetryMs: 1_000 });
    await gate.start();
    expect(gate.ready).toBe(false);
    expect(apply).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(100);
    expect(loadSnapshots).toHaveBeenCalledTimes(2);
    expect(gate.ready).toBe(false);
    await jest.advanceTimersByTimeAsync(200);
    expect(loadSnapshots).toHaveBeenCalledTimes(3);
    expect(apply).toHaveBeenCalledWith(snapshots);
    expect(gate.ready).toBe(true);
    gate.stop();
  });

  it('stops retrying once stopped', async () => {
    jest.useFakeTimers();
    const loadSnapshots = jest.fn<Promise<RevocationSnapshot[]>, []>().mockRejectedValue(new Error('down'));
    const gate = new RevocationGate({ authority: { loadSnapshots, authorizePublish: jest.fn() }, apply: jest.fn(), logger: silent, initialRetryMs: 100 });
    await gate.start();
    gate.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(loadSnapshots).toHaveBeenCalledTimes(1);
  });
});
