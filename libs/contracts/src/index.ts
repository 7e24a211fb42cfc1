export { Events, eventNames, isEventName, type EventKey, type EventName } from './events';
export * from './catalogue';
export { parseEvent, type ParsedEvent, type RejectedEvent } from './parse-event';
export { auditDetailsSchema, auditRecordedSchema } from './payloads/audit';
export {
  ERASURE_OUTCOMES,
  exportPublicKeySchema,
  PRIVACY_EXPORT_JWE,
  privacyServiceName,
} from './payloads/privacy';
export { POLL_KINDS, ROOM_BADGES, ROOM_LIMITS, roomPollOptionSchema, roomQuestionSchema, type PollKind } from './payloads/room';
export * from './media-tokens';
export * from './internal-media';
export { isUuid, UUID_PATTERN, uuidSchema } from './uuid';
/** An instant on the wire (bus payloads and API answers alike): ISO 8601 with its zone. */
export { timestamp } from './payloads/primitives';
export * from './errors';
