import { Events, type EventPayload } from '@webinar/contracts';
import { createEnvelope } from '@webinar/messaging';
import { randomUUID } from 'node:crypto';
import { OriginDirectory } from './edge/origin-directory';
import { PlaybackRevocations } from './edge/playback-revocations';
import { RevokedStreamKeys } from './ingest/revoked-stream-keys';
import { WithdrawnPresenters } from './ingest/withdrawn-presenters';
import { applyNodeEvent, type NodeFeedEvent, type NodeFeedTargets } from './node-feed';

describe('the node feed', () => {
  const companyId = randomUUID();
  const seminarId = randomUUID();
  const userId = randomUUID();
  const changedAt = new Date().toISOString();
  let t: NodeFeedTargets & { withdrawnPresenters: WithdrawnPresenters; directory: OriginDirectory };
  beforeEach(() => {
    t = {
      revocations: new PlaybackRevocations(),
      revokedKeys: new RevokedStreamKeys(),
      withdrawnPresenters: new WithdrawnPresenters(),
      directory: new OriginDirectory(),
    };
  });
  const apply = <N extends NodeFeedEvent>(name: N, payload: EventPayload<N>): void =>
    applyNodeEvent(createEnvelope(name, payload), t);
  const longAgo = Math.floor(Date.now() / 1000) - 3600;

  it('withdraws a presenter whose role set for the seminar lost "presenter"', () => {
    apply(Events.GrantChanged, { companyId, userId, seminarId, roles: ['moderator'], changedAt });
    expect(t.withdrawnPresenters.refuses(userId, seminarId, longAgo)).toBe(true);
  });

  it('does nothing while the role set still holds "presenter", nor for a company-wide change', () => {
    apply(Events.GrantChanged, { companyId, userId, seminarId, roles: ['moderator', 'presenter'], changedAt });
    apply(Events.GrantChanged, { companyId, userId, seminarId: null, roles: [], changedAt });
    expect(t.withdrawnPresenters.refuses(userId, seminarId, longAgo)).toBe(false);
  });

  it('learns an origin from an announcement and forgets it when that stream ends', () => {
    const streamId = randomUUID();
    const announcement = { seminarId, companyId, streamId, originUrl: 'https://ingest-1:8445', ttlSeconds: 30 };
    apply(Events.OriginAnnounced, { ...announcement, announcedAt: new Date().toISOString() });
    expect(t.directory.originOf(seminarId)?.originUrl).toBe('https://ingest-1:8445');
    apply(Events.StreamEnded, { seminarId, companyId, streamId: randomUUID(), endedAt: changedAt }); // another stream
    expect(t.directory.originOf(seminarId)).toBeDefined();
    apply(Events.StreamEnded, { seminarId, companyId, streamId, endedAt: changedAt });
    expect(t.directory.originOf(seminarId)).toBeUndefined();
  });

  it('ignores an announcement older than its ttl (a replayed backlog)', () => {
    const announcedAt = new Date(Date.now() - 31_000).toISOString();
    apply(Events.OriginAnnounced, { seminarId, companyId, streamId: randomUUID(), originUrl: 'https://old:8445', ttlSeconds: 30, announcedAt });
    expect(t.directory.originOf(seminarId)).toBeUndefined();
  });
});
