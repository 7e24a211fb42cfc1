// Stream keys are signed JWTs the media tier verifies against cms's key set without calling back
// (ADR in docs/architecture.md). cms keeps only the key's hash and id; issuing a new key revokes the
// presenter's previous one and says so on the bus (cms.stream-key.rotated.v1, previousKeyId).
import { Inject, Injectable } from '@nestjs/common';
import { Events, MEDIA_TOKEN_AUDIENCE, MEDIA_TOKEN_ISSUER, type StreamKeyClaims } from '@webinar/contracts';
import { enqueue } from '@webinar/messaging';
import { DATABASE, type Database, withTenant } from '@webinar/persistence';
import { type AccessIdentity, hashToken, signJwt, TOKEN_TYPES } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import { CMS_SCHEMA } from '../cms.constants';
import { MEDIA_SETTINGS, type MediaSettings } from '../cms.options';
import { appendAudit } from '../audit/audit-log';
import { seminarRolesOf } from '../grants/grant-lookup';
import { GrantsStore } from '../grants/grants-store';
import { loadSeminar } from '../seminars/seminar-lookup';
import { SeminarsStore } from '../seminars/seminars-store';
import { companyOf } from '../tenancy/tenant-of';
import { MediaErrors } from './media.errors';
import { StreamKeysStore } from './stream-keys-store';
import type { StreamKeyView } from './media.schemas';
import { streamKeyWindow } from '../seminars/stream-key-window';

@Injectable()
export class StreamKeysService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(MEDIA_SETTINGS) private readonly media: MediaSettings,
    private readonly seminars: SeminarsStore,
    private readonly grants: GrantsStore,
    private readonly keys: StreamKeysStore,
  ) {}

  async issue(identity: AccessIdentity, seminarId: string): Promise<StreamKeyView> {
    const companyId = companyOf(identity);
    return withTenant(this.database.dataSource, { companyId }, async (manager) => {
      // The seminar row lock serialises two rotations by the same presenter: one previous key each.
      const seminar = await loadSeminar(manager, this.seminars, identity, seminarId, { forUpdate: true });
      if (!(await seminarRolesOf(manager, this.grants, seminar.id, identity)).includes('presenter')) throw MediaErrors.notPresenter();
      if (seminar.state !== 'scheduled' && seminar.state !== 'live') throw MediaErrors.notStreamable();
      const now = new Date();
      const window = streamKeyWindow(seminar.startsAt, seminar.endsAt, now);
      if (!window) throw MediaErrors.windowPassed();

      const previous = await this.keys.latestLiveOf(manager, seminar.id, identity.userId);
      await this.keys.revokeLiveOf(manager, seminar.id, identity.userId, now);

      const keyId = randomUUID();
      const claims: Omit<StreamKeyClaims, 'nbf' | 'exp' | 'jti' | 'sub'> = { sem: seminar.id, cid: companyId };
      const jwt = await signJwt(this.media.keys, claims, {
        typ: TOKEN_TYPES.streamKey,
        issuer: MEDIA_TOKEN_ISSUER,
        audience: MEDIA_TOKEN_AUDIENCE,
        subject: identity.userId,
        jti: keyId,
        notBefore: window.notBefore,
        expiresInSeconds: window.expiresAt - Math.floor(now.getTime() / 1000),
      });
      const streamKey = `${seminar.id}?key=${jwt}`;
      const validFrom = new Date(window.notBefore * 1000);
      const validUntil = new Date(window.expiresAt * 1000);
      await this.keys.insert(manager, {
        id: keyId,
        companyId,
        seminarId: seminar.id,
        presenterId: identity.userId,
        keyHash: hashToken(jwt),
        validFrom,
        validUntil,
        revokedAt: null,
      });
      await enqueue(manager, CMS_SCHEMA, Events.StreamKeyRotated, {
        seminarId: seminar.id,
        companyId,
        keyId,
        previousKeyId: previous?.id ?? null,
        rotatedAt: now.toISOString(),
      });
      await appendAudit(manager, {
        companyId,
        actorId: identity.userId,
        action: 'cms.stream-key.rotated',
        subject: `seminar:${seminar.id}`,
        occurredAt: now,
        details: { keyId, previousKeyId: previous?.id ?? '(none)' },
      });
      return {
        keyId,
        server: this.media.rtmpsUrl,
        streamKey,
        keyframeIntervalSeconds: 1,
        validFrom: validFrom.toISOString(),
        validUntil: validUntil.toISOString(),
      };
    });
  }
}
