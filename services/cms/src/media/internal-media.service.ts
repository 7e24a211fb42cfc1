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
import { GrantsStore } from '../grants/grants-store';
import { SeminarsStore } from '../seminars/seminars-store';
import { StreamKeysStore } from './stream-keys-store';

@Injectable()
export class InternalMediaService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly keys: StreamKeysStore,
    private readonly seminars: SeminarsStore,
    private readonly grants: GrantsStore,
  ) {}

  async authorizePublish(request: PublishAuthorizationRequest): Promise<PublishAuthorization> {
    return withTenant(this.database.dataSource, { root: true, reason: 'cms:media-publish-authorization' }, async (manager) => {
      const key = await this.keys.findById(manager, request.keyId);
      if (!key || key.seminarId !== request.seminarId || key.presenterId !== request.presenterId) {
        return { allowed: false, code: 'STREAM_KEY.UNKNOWN' };
      }
      if (key.revokedAt !== null) return { allowed: false, code: 'STREAM_KEY.REVOKED' };
      const seminar = await this.seminars.findInCompany(manager, key.seminarId, key.companyId);
      if (!seminar) return { allowed: false, code: 'STREAM_KEY.UNKNOWN' };
      const presenter = { seminarId: seminar.id, userId: key.presenterId, role: 'presenter' as const };
      if (!(await this.grants.existsInCompany(manager, presenter, seminar.companyId))) return { allowed: false, code: 'STREAM_KEY.GRANT_WITHDRAWN' };
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
