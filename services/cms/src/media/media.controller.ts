import { Controller, Get, Header, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type AccessIdentity, Authenticated, CurrentIdentity, Public, publicJwkSet, type PublicJwkSet } from '@webinar/security';
import { CMS_PREFIX } from '../cms.constants';
import { MEDIA_SETTINGS, type MediaSettings } from '../cms.options';
import { PlaybackService } from './playback.service';
import { StreamKeysService } from './stream-keys.service';
import { Refuses, Responds } from '@webinar/http';
import { type PlaybackTokenView, playbackTokenView, type StreamKeyView, streamKeyView } from './media.schemas';
import { MediaErrors } from './media.errors';
import { SeminarErrors } from '../seminars/seminar.errors';
import { TenancyErrors } from '../tenancy/tenancy.errors';

@ApiTags('media')
@Controller(CMS_PREFIX)
export class MediaController {
  constructor(
    private readonly streamKeys: StreamKeysService,
    private readonly playback: PlaybackService,
    @Inject(MEDIA_SETTINGS) private readonly media: MediaSettings,
  ) {}

  /** The public keys the media tier verifies stream keys and playback tokens with. */
  @Get('.well-known/jwks.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @Responds(200, publicJwkSet)
  jwks(): PublicJwkSet {
    return this.media.keys.publicJwks();
  }

  /**
   * Issues (and thereby rotates) the caller's stream key; shown once, only its hash is kept. Only a
   * presenter gets one, and presenting is a privilege: every caller needs an mfa token.
   */
  @Post('seminars/:id/stream-key')
  @HttpCode(201)
  @Authenticated({ mfa: true })
  @Header('Cache-Control', 'no-store')
  @Responds(201, streamKeyView)
  @Refuses(SeminarErrors.notFound, MediaErrors.notPresenter, MediaErrors.notStreamable, MediaErrors.windowPassed, TenancyErrors.noCompany)
  issueStreamKey(@CurrentIdentity() identity: AccessIdentity, @Param('id') id: string): Promise<StreamKeyView> {
    return this.streamKeys.issue(identity, id);
  }

  /**
   * Watching is not privileged: a registered prospect or customer needs no mfa. Root and admin do (the
   * default), and so does someone entitled only by a grant (checked where the grant is read).
   */
  @Post('seminars/:id/playback-token')
  @HttpCode(201)
  @Authenticated()
  @Header('Cache-Control', 'no-store')
  @Responds(201, playbackTokenView)
  @Refuses(SeminarErrors.notFound, MediaErrors.playbackNotAllowed, MediaErrors.playbackNotOpen, TenancyErrors.noCompany)
  issuePlaybackToken(@CurrentIdentity() identity: AccessIdentity, @Param('id') id: string): Promise<PlaybackTokenView> {
    return this.playback.issue(identity, id);
  }
}
