import { Events, eventNames, isEventName } from './events';

describe('Events', () => {
  it('keeps every routing key exactly as published (add a .v2, never edit a value)', () => {
    expect(Events).toEqual({
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
    });
  });

  it('gives every name a version suffix and a routing-key-safe shape', () => {
    for (const name of eventNames) {
      expect(name).toMatch(/^[a-z][a-z-]*(\.[a-z][a-z-]*)+\.v[1-9][0-9]*$/);
    }
    expect(new Set(eventNames).size).toBe(eventNames.length);
  });

  it('recognises catalogue names only', () => {
    expect(isEventName('cms.seminar.live.v1')).toBe(true);
    expect(isEventName('cms.seminar.live.v9')).toBe(false);
    expect(isEventName('cms.seminar.*')).toBe(false);
  });
});
