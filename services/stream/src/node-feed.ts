// What every stream node takes from the bus, on a queue of its own (`stream.revocations.<instance>`:
// each node needs every one of these messages, so replicas must not share a queue). Viewer
// revocations, stream-key rotations and presenter-grant withdrawals apply to every role; an edge also
// learns which ingest node carries which seminar, and when a stream ends.
import { type EventPayload, Events, parseEvent, type RevocationSnapshot } from '@webinar/contracts';
import type { Envelope } from '@webinar/messaging';
import type { OriginDirectory } from './edge/origin-directory';
import type { PlaybackRevocations } from './edge/playback-revocations';
import type { RevokedStreamKeys } from './ingest/revoked-stream-keys';
import type { WithdrawnPresenters } from './ingest/withdrawn-presenters';

export const PRESENTER_ROLE = 'presenter';

export interface NodeFeedTargets {
  revocations: PlaybackRevocations;
  revokedKeys: RevokedStreamKeys;
  withdrawnPresenters: WithdrawnPresenters;
  /** Edges only. */
  directory?: OriginDirectory;
  /** Edges only: a stream ended on its ingest node. */
  onStreamEnded?(seminarId: string, streamId: string): void;
}

export type NodeFeedEvent =
  | typeof Events.SessionRevoked
  | typeof Events.UserRevoked
  | typeof Events.RegistrationCancelled
  | typeof Events.StreamKeyRotated
  | typeof Events.GrantChanged
  | typeof Events.OriginAnnounced
  | typeof Events.StreamEnded;

export function nodeFeedEvents(edge: boolean): NodeFeedEvent[] {
  const common: NodeFeedEvent[] = [
    Events.SessionRevoked,
    Events.UserRevoked,
    Events.RegistrationCancelled,
    Events.StreamKeyRotated,
    Events.GrantChanged,
  ];
  return edge ? [...common, Events.OriginAnnounced, Events.StreamEnded] : common;
}

/** Applies one message; every effect is idempotent (sets and maps), so redelivery is harmless. */
export function applyNodeEvent(message: Envelope<NodeFeedEvent>, t: NodeFeedTargets): void {
  switch (message.name) {
    case Events.SessionRevoked:
      t.revocations.revokeSession(payloadOf(message, Events.SessionRevoked).sessionId);
      return;
    case Events.UserRevoked:
      t.revocations.revokeUser(payloadOf(message, Events.UserRevoked).userId);
      return;
    case Events.RegistrationCancelled: {
      const p = payloadOf(message, Events.RegistrationCancelled);
      t.revocations.cancelRegistration(p.userId, p.seminarId);
      return;
    }
    case Events.StreamKeyRotated: {
      const p = payloadOf(message, Events.StreamKeyRotated);
      if (p.previousKeyId) t.revokedKeys.revoke(p.previousKeyId);
      return;
    }
    case Events.GrantChanged: {
      // The complete role set after the change: no `presenter` means the grant is gone. cms grants
      // per seminar only; a company-wide change (seminarId null) names no seminar to act on.
      const p = payloadOf(message, Events.GrantChanged);
      if (p.seminarId !== null && !p.roles.includes(PRESENTER_ROLE)) {
        t.withdrawnPresenters.withdraw({ userId: p.userId, seminarId: p.seminarId, atMs: Date.parse(p.changedAt) });
      }
      return;
    }
    case Events.OriginAnnounced: {
      const p = payloadOf(message, Events.OriginAnnounced);
      t.directory?.announce({ ...p, announcedAtMs: Date.parse(p.announcedAt) });
      return;
    }
    case Events.StreamEnded: {
      const p = payloadOf(message, Events.StreamEnded);
      t.directory?.ended(p.seminarId, p.streamId);
      t.onStreamEnded?.(p.seminarId, p.streamId);
      return;
    }
  }
}

/** The bus validated the payload against the schema of `message.name` before the handler ran. */
function payloadOf<N extends NodeFeedEvent>(message: Envelope<NodeFeedEvent>, _name: N): EventPayload<N> {
  return message.payload as EventPayload<N>;
}

/**
 * Applies a revocation snapshot (cms's and auth's outbox of the window) at a node's start. Each
 * payload is validated like a bus message; a revocation applies from the instant it carries (not
 * from now), so a viewer who signed in again before the restart keeps their newer tokens.
 * Returns how many entries were refused as invalid (logged by the caller).
 */
export function applySnapshots(snapshots: RevocationSnapshot[], t: NodeFeedTargets): number {
  let invalid = 0;
  for (const snapshot of snapshots) {
    for (const entry of snapshot.events) {
      const event = parseEvent(entry.name, entry.payload);
      if (!event.ok) {
        invalid += 1;
        continue;
      }
      if (event.name === Events.SessionRevoked) {
        t.revocations.revokeSession(event.payload.sessionId);
      } else if (event.name === Events.UserRevoked) {
        t.revocations.revokeUser(event.payload.userId, Date.parse(event.payload.revokedAt));
      } else if (event.name === Events.RegistrationCancelled) {
        t.revocations.cancelRegistration(event.payload.userId, event.payload.seminarId, Date.parse(event.payload.cancelledAt));
      } else if (event.name === Events.StreamKeyRotated) {
        if (event.payload.previousKeyId) t.revokedKeys.revoke(event.payload.previousKeyId);
      } else if (event.name === Events.GrantChanged) {
        const p = event.payload;
        if (p.seminarId !== null && !p.roles.includes(PRESENTER_ROLE)) {
          t.withdrawnPresenters.withdraw({ userId: p.userId, seminarId: p.seminarId, atMs: Date.parse(p.changedAt) });
        }
      } else {
        // The snapshot schema allows only the kinds above; anything else is not ours to apply.
        invalid += 1;
      }
    }
  }
  return invalid;
}
