// ROUTING KEYS ARE A PUBLIC, PERSISTENT CONTRACT. NEVER CHANGE A VALUE BELOW.
//
// These strings are bound into durable RabbitMQ queues, stored in every service's outbox table and
// in dead-letter queues, and matched by consumers deployed at other versions. Renaming one silently
// strands messages. To change a payload incompatibly, add a new `.v2` key (and schema) beside the
// old one, publish both during the migration, and retire `.v1` only when no consumer binds it.
// The test in events.spec.ts pins this exact list so a change cannot slip through review.
export const Events = {
  SessionRevoked: 'auth.session.revoked.v1',
  UserRevoked: 'auth.user.revoked.v1',
  ElevationEnded: 'auth.elevation.ended.v1',
  CompanyCreated: 'cms.company.created.v1',
  RegistrationCreated: 'cms.registration.created.v1',
  RegistrationCancelled: 'cms.registration.cancelled.v1',
  GrantChanged: 'cms.grant.changed.v1',
  SeminarScheduled: 'cms.seminar.scheduled.v1',
  SeminarLive: 'cms.seminar.live.v1',
  SeminarEnded: 'cms.seminar.ended.v1',
  StreamKeyRotated: 'cms.stream-key.rotated.v1',
  StreamStarted: 'stream.started.v1',
  StreamEnded: 'stream.ended.v1',
  ViewerJoined: 'stream.viewer.joined.v1',
  ViewerLeft: 'stream.viewer.left.v1',
  ViewerCount: 'stream.viewer.count.v1',
  OriginAnnounced: 'stream.origin.announced.v1',
  AuditRecorded: 'audit.event.recorded.v1',
  PrivacyExportRequested: 'privacy.export.requested.v1',
  PrivacyExportPart: 'privacy.export.part.v1',
  PrivacyErasureRequested: 'privacy.erasure.requested.v1',
  PrivacyErasureCompleted: 'privacy.erasure.completed.v1',
  RoomPollOpened: 'room.poll.opened.v1',
  RoomPollClosed: 'room.poll.closed.v1',
  RoomPollResults: 'room.poll.results.v1',
  RoomQuestions: 'room.questions.v1',
  RoomChatPosted: 'room.chat.posted.v1',
  RoomChatDeleted: 'room.chat.deleted.v1',
  RoomChatSetting: 'room.chat.setting.v1',
} as const;

export type EventKey = keyof typeof Events;
export type EventName = (typeof Events)[EventKey];

export const eventNames: readonly EventName[] = Object.freeze(Object.values(Events));

const knownNames: ReadonlySet<string> = new Set(eventNames);

export function isEventName(name: string): name is EventName {
  return knownNames.has(name);
}
