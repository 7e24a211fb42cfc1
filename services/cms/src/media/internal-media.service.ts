// What the media tier asks cms (docs/architecture.md, "Revocations survive media restarts"):
// - once per publish attempt, after its own signature check, whether a stream key may publish now:
//   cms's rows are the truth about rotation, grants and the seminar's state, so a key rotated away,
//   a withdrawn presenter or an ended seminar is refused even by a node that just restarted;
// - at a node's start, the revocations cms announced within the windows that still matter (its
//   outbox), so playback tokens of cancelled registrations stay refused across the restart.
// Both read across companies (the caller is a media node, not a tenant): root context, with a reason.
import { Inject, Injectable } from '@nestjs/common';
import {
  Events,
  PLAYBACK_REVOCATION_WINDOW_SECONDS,
  type PublishAuthorization,
  type PublishAuthorizationRequest,
  type RevocationSnapshot,
  STREAM_KEY_REVOCATION_WINDOW_SECONDS,
} from '@webinar/contracts';
import { recentOutboxEvents } from '@webinar/messaging';
import { DATABASE, type Database, withTenant } from '@webinar/persistence';
import { CMS_SCHEMA } from '../cms.constants';
import { Grant } from '../grants/grant.entity';
import { Seminar } from '../seminars/seminar.entity';
import { StreamKey } from './stream-key.entity';

@Injectable()
export class InternalMediaService {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async authorizePublish(request: PublishAuthorizationRequest): Promise<PublishAuthorization> {
    return withTenant(this.database.dataSource, { root: true, reason: 'cms:media-publish-authorization' }, async (manager) => {
      const key = await manager.findOneBy(StreamKey, { id: request.keyId });
      if (!key || key.seminarId !== request.seminarId || key.presenterId !== request.presenterId) {
        return { allowed: false, code: 'STREAM_KEY.UNKNOWN' };
      }
      if (key.revokedAt !== null) return { allowed: false, code: 'STREAM_KEY.REVOKED' };
      const seminar = await manager.findOneBy(Seminar, { id: key.seminarId, companyId: key.companyId });
      if (!seminar) return { allowed: false, code: 'STREAM_KEY.UNKNOWN' };
      const presenter = await manager.findOneBy(Grant, {
        seminarId: seminar.id,
        companyId: seminar.companyId,
        userId: key.presenterId,
        role: 'presenter',
      });
      if (!presenter) return { allowed: false, code: 'STREAM_KEY.GRANT_WITHDRAWN' };
      if (seminar.state === 'ended' || seminar.state === 'archived') return { allowed: false, code: 'STREAM_KEY.SEMINAR_ENDED' };
      if (seminar.state === 'draft') return { allowed: false, code: 'STREAM_KEY.SEMINAR_NOT_SCHEDULED' };
      return { allowed: true };
    });
  }

  async revocations(): Promise<RevocationSnapshot> {
    return withTenant(this.database.dataSource, { root: true, reason: 'cms:media-revocation-snapshot' }, async (manager) => {
      const takenAt = new Date().toISOString();
      const viewers = await recentOutboxEvents(manager, CMS_SCHEMA, [Events.RegistrationCancelled], PLAYBACK_REVOCATION_WINDOW_SECONDS);
      const keys = await recentOutboxEvents(
        manager,
        CMS_SCHEMA,
        [Events.StreamKeyRotated, Events.GrantChanged],
        STREAM_KEY_REVOCATION_WINDOW_SECONDS,
      );
      const events = [...viewers, ...keys]
        .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
        .map((e) => ({ ...e, name: e.name as RevocationSnapshot['events'][number]['name'] }));
      return { takenAt, events };
    });
  }
}
