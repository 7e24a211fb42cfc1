// Playback tokens: short-lived (≤ 5 min, the player refreshes) EdDSA JWTs for the media edge, issued only
// to someone entitled to watch this seminar now. `pro` carries the company's allowed protocols; the
// answer also names the edge to play from, so a player needs nothing but cms's answer.
import { Inject, Injectable } from '@nestjs/common';
import { MEDIA_TOKEN_AUDIENCE, MEDIA_TOKEN_ISSUER, type PlaybackClaims } from '@webinar/contracts';
import { DATABASE, type Database, withTenant } from '@webinar/persistence';
import { type AccessIdentity, signJwt, TOKEN_TYPES } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import { MEDIA_SETTINGS, type MediaSettings } from '../cms.options';
import { seminarRolesOf } from '../grants/grant-lookup';
import { GrantsStore } from '../grants/grants-store';
import { RegistrationsStore } from '../registrations/registrations-store';
import { loadSeminar } from '../seminars/seminar-lookup';
import { SeminarsStore } from '../seminars/seminars-store';
import { SettingsStore } from '../settings/settings-store';
import { companyOf } from '../tenancy/tenant-of';
import { MediaErrors } from './media.errors';
import type { PlaybackTokenView } from './media.schemas';
import { isPlaybackOpen } from '../seminars/stream-key-window';

@Injectable()
export class PlaybackService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(MEDIA_SETTINGS) private readonly media: MediaSettings,
    private readonly seminars: SeminarsStore,
    private readonly grants: GrantsStore,
    private readonly registrations: RegistrationsStore,
    private readonly settings: SettingsStore,
  ) {}

  async issue(identity: AccessIdentity, seminarId: string): Promise<PlaybackTokenView> {
    const companyId = companyOf(identity);
    return withTenant(this.database.dataSource, { companyId }, async (manager) => {
      const seminar = await loadSeminar(manager, this.seminars, identity, seminarId);
      // A registered viewer watches as a viewer (no mfa); someone entitled only by a grant (presenter,
      // moderator) uses a privilege, and seminarRolesOf demands mfa for it.
      const entitled =
        (await this.registrations.isRegistered(manager, seminar.id, identity.userId)) ||
        (await seminarRolesOf(manager, this.grants, seminar.id, identity)).length > 0;
      if (!entitled) throw MediaErrors.playbackNotAllowed();
      if (!isPlaybackOpen(seminar.state, seminar.startsAt, new Date())) throw MediaErrors.playbackNotOpen();
      const protocols = await this.settings.playbackProtocolsOf(manager, companyId);
      const claims: Omit<PlaybackClaims, 'exp' | 'sub'> = {
        sem: seminar.id,
        sid: identity.sessionId,
        cid: companyId,
        pro: protocols,
      };
      const { ttlSeconds, edgeOrigin } = this.media.playback;
      const token = await signJwt(this.media.keys, claims, {
        typ: TOKEN_TYPES.playback,
        issuer: MEDIA_TOKEN_ISSUER,
        audience: MEDIA_TOKEN_AUDIENCE,
        subject: identity.userId,
        jti: randomUUID(),
        expiresInSeconds: ttlSeconds,
      });
      const expiresAt = new Date((Math.floor(Date.now() / 1000) + ttlSeconds) * 1000);
      return { token, expiresAt: expiresAt.toISOString(), protocols, edgeOrigin };
    });
  }
}
