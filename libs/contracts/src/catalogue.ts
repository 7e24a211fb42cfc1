import { type z } from 'zod';
import { Events, type EventName } from './events';
import { auditRecordedSchema } from './payloads/audit';
import {
  elevationEndedSchema,
  sessionRevokedSchema,
  userRevokedSchema,
} from './payloads/auth';
import {
  companyCreatedSchema,
  grantChangedSchema,
  registrationCancelledSchema,
  registrationCreatedSchema,
  seminarEndedSchema,
  seminarLiveSchema,
  seminarScheduledSchema,
  streamKeyRotatedSchema,
} from './payloads/cms';
import {
  erasureCompletedSchema,
  erasureRequestedSchema,
  exportPartSchema,
  exportRequestedSchema,
} from './payloads/privacy';
import {
  roomChatDeletedSchema,
  roomChatPostedSchema,
  roomChatSettingSchema,
  roomPollClosedSchema,
  roomPollOpenedSchema,
  roomPollResultsSchema,
  roomQuestionsSchema,
} from './payloads/room';
import {
  originAnnouncedSchema,
  streamEndedSchema,
  streamStartedSchema,
  viewerCountSchema,
  viewerJoinedSchema,
  viewerLeftSchema,
} from './payloads/stream';

// `satisfies` makes the compiler refuse a catalogue that misses an event name.
const payloadSchemas = {
  [Events.SessionRevoked]: sessionRevokedSchema,
  [Events.UserRevoked]: userRevokedSchema,
  [Events.ElevationEnded]: elevationEndedSchema,
  [Events.CompanyCreated]: companyCreatedSchema,
  [Events.RegistrationCreated]: registrationCreatedSchema,
  [Events.RegistrationCancelled]: registrationCancelledSchema,
  [Events.GrantChanged]: grantChangedSchema,
  [Events.SeminarScheduled]: seminarScheduledSchema,
  [Events.SeminarLive]: seminarLiveSchema,
  [Events.SeminarEnded]: seminarEndedSchema,
  [Events.StreamKeyRotated]: streamKeyRotatedSchema,
  [Events.StreamStarted]: streamStartedSchema,
  [Events.StreamEnded]: streamEndedSchema,
  [Events.ViewerJoined]: viewerJoinedSchema,
  [Events.ViewerLeft]: viewerLeftSchema,
  [Events.ViewerCount]: viewerCountSchema,
  [Events.OriginAnnounced]: originAnnouncedSchema,
  [Events.AuditRecorded]: auditRecordedSchema,
  [Events.PrivacyExportRequested]: exportRequestedSchema,
  [Events.PrivacyExportPart]: exportPartSchema,
  [Events.PrivacyErasureRequested]: erasureRequestedSchema,
  [Events.PrivacyErasureCompleted]: erasureCompletedSchema,
  [Events.RoomPollOpened]: roomPollOpenedSchema,
  [Events.RoomPollClosed]: roomPollClosedSchema,
  [Events.RoomPollResults]: roomPollResultsSchema,
  [Events.RoomQuestions]: roomQuestionsSchema,
  [Events.RoomChatPosted]: roomChatPostedSchema,
  [Events.RoomChatDeleted]: roomChatDeletedSchema,
  [Events.RoomChatSetting]: roomChatSettingSchema,
} as const satisfies { [N in EventName]: z.ZodType };

export type EventPayload<N extends EventName> = z.output<(typeof payloadSchemas)[N]>;

export const eventSchemas: { readonly [N in EventName]: z.ZodType<EventPayload<N>> } = payloadSchemas;

export type SessionRevokedPayload = EventPayload<typeof Events.SessionRevoked>;
export type UserRevokedPayload = EventPayload<typeof Events.UserRevoked>;
export type ElevationEndedPayload = EventPayload<typeof Events.ElevationEnded>;
export type CompanyCreatedPayload = EventPayload<typeof Events.CompanyCreated>;
export type RegistrationCreatedPayload = EventPayload<typeof Events.RegistrationCreated>;
export type RegistrationCancelledPayload = EventPayload<typeof Events.RegistrationCancelled>;
export type GrantChangedPayload = EventPayload<typeof Events.GrantChanged>;
export type SeminarScheduledPayload = EventPayload<typeof Events.SeminarScheduled>;
export type SeminarLivePayload = EventPayload<typeof Events.SeminarLive>;
export type SeminarEndedPayload = EventPayload<typeof Events.SeminarEnded>;
export type StreamKeyRotatedPayload = EventPayload<typeof Events.StreamKeyRotated>;
export type StreamStartedPayload = EventPayload<typeof Events.StreamStarted>;
export type StreamEndedPayload = EventPayload<typeof Events.StreamEnded>;
export type ViewerJoinedPayload = EventPayload<typeof Events.ViewerJoined>;
export type ViewerLeftPayload = EventPayload<typeof Events.ViewerLeft>;
export type ViewerCountPayload = EventPayload<typeof Events.ViewerCount>;
export type OriginAnnouncedPayload = EventPayload<typeof Events.OriginAnnounced>;
export type AuditRecordedPayload = EventPayload<typeof Events.AuditRecorded>;
export type PrivacyExportRequestedPayload = EventPayload<typeof Events.PrivacyExportRequested>;
export type PrivacyExportPartPayload = EventPayload<typeof Events.PrivacyExportPart>;
export type PrivacyErasureRequestedPayload = EventPayload<typeof Events.PrivacyErasureRequested>;
export type PrivacyErasureCompletedPayload = EventPayload<typeof Events.PrivacyErasureCompleted>;
export type RoomPollOpenedPayload = EventPayload<typeof Events.RoomPollOpened>;
export type RoomPollClosedPayload = EventPayload<typeof Events.RoomPollClosed>;
export type RoomPollResultsPayload = EventPayload<typeof Events.RoomPollResults>;
export type RoomQuestionsPayload = EventPayload<typeof Events.RoomQuestions>;
export type RoomChatPostedPayload = EventPayload<typeof Events.RoomChatPosted>;
export type RoomChatDeletedPayload = EventPayload<typeof Events.RoomChatDeleted>;
export type RoomChatSettingPayload = EventPayload<typeof Events.RoomChatSetting>;

/** The events the media edge's live channel fans out to a seminar's viewers. */
export const ROOM_EVENTS = Object.freeze([
  Events.RoomPollOpened,
  Events.RoomPollClosed,
  Events.RoomPollResults,
  Events.RoomQuestions,
  Events.RoomChatPosted,
  Events.RoomChatDeleted,
  Events.RoomChatSetting,
] as const);
export type RoomEventName = (typeof ROOM_EVENTS)[number];
