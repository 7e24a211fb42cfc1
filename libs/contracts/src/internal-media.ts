// The media tier's internal API to cms and auth (docs/architecture.md, "Revocations survive media
// restarts"): publish authorisation, asked once per publish attempt, and the revocation snapshot a
// stream node loads at start. Called with the internal credential (@webinar/security), never by people.
import { z } from 'zod';
import { Events } from './events';

/** The longest playback token cms issues (300 s) plus a margin: what a viewer-revocation snapshot covers. */
export const PLAYBACK_REVOCATION_WINDOW_SECONDS = 360;
/**
 * What a stream-key snapshot covers: longer than any key window cms issues (an hour before the start
 * to an hour after the end); the media tier keeps its deny-lists as long.
 */
export const STREAM_KEY_REVOCATION_WINDOW_SECONDS = 7 * 24 * 3600;

export const INTERNAL_PATHS = {
  authorizePublish: '/cms/internal/stream-keys/authorize',
  cmsRevocations: '/cms/internal/revocations',
  authRevocations: '/auth/internal/revocations',
} as const;

const uuid = z.uuid();

export const publishAuthorizationRequestSchema = z.strictObject({
  /** The stream key's `jti`. */
  keyId: uuid,
  seminarId: uuid,
  /** The key's `sub`. */
  presenterId: uuid,
});
export type PublishAuthorizationRequest = z.infer<typeof publishAuthorizationRequestSchema>;

export const PUBLISH_REFUSALS = [
  /** Rotated away (a newer key was issued) or otherwise revoked. */
  'STREAM_KEY.REVOKED',
  /** The presenter no longer holds the presenter grant for the seminar. */
  'STREAM_KEY.GRANT_WITHDRAWN',
  /** The seminar has ended or was cancelled (archived). */
  'STREAM_KEY.SEMINAR_ENDED',
  /** The seminar went back to draft. */
  'STREAM_KEY.SEMINAR_NOT_SCHEDULED',
  /** cms issued no such key for that seminar and presenter. */
  'STREAM_KEY.UNKNOWN',
] as const;
export type PublishRefusal = (typeof PUBLISH_REFUSALS)[number];

export const publishAuthorizationSchema = z.discriminatedUnion('allowed', [
  z.strictObject({ allowed: z.literal(true) }),
  z.strictObject({ allowed: z.literal(false), code: z.enum(PUBLISH_REFUSALS) }),
]);
export type PublishAuthorization = z.infer<typeof publishAuthorizationSchema>;

/** The events a snapshot replays: the same messages the nodes take from the bus. */
export const SNAPSHOT_EVENTS = [
  Events.SessionRevoked,
  Events.UserRevoked,
  Events.RegistrationCancelled,
  Events.StreamKeyRotated,
  Events.GrantChanged,
] as const;
export type SnapshotEventName = (typeof SNAPSHOT_EVENTS)[number];

/**
 * A service's revocation messages of the window, read from its outbox (what it announced, sent or
 * still pending), oldest first. Each payload is validated by the receiver like a bus message.
 */
export const revocationSnapshotSchema = z.strictObject({
  takenAt: z.iso.datetime({ offset: true }),
  events: z
    .array(
      z.strictObject({
        id: uuid,
        name: z.enum(SNAPSHOT_EVENTS),
        occurredAt: z.iso.datetime({ offset: true }),
        payload: z.unknown(),
      }),
    )
    .max(1_000_000),
});
export type RevocationSnapshot = z.infer<typeof revocationSnapshotSchema>;
