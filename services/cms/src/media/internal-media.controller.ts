// Internal routes for the media tier (never behind nginx: its configuration answers /cms/internal/
// itself). Their policy is the internal credential (@InternalRoute), not an access token.
import { Body, Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  type PublishAuthorization,
  publishAuthorizationSchema,
  publishAuthorizationRequestSchema,
  type PublishAuthorizationRequest,
  type RevocationSnapshot,
  revocationSnapshotSchema,
} from '@webinar/contracts';
import { BodySchema, Responds } from '@webinar/http';
import { InternalRoute } from '@webinar/security';
import { CMS_PREFIX } from '../cms.constants';
import { InternalMediaService } from './internal-media.service';

@ApiExcludeController()
@Controller(`${CMS_PREFIX}/internal`)
export class InternalMediaController {
  constructor(private readonly media: InternalMediaService) {}

  /** Asked once per publish attempt, after the media tier verified the key's signature. */
  @Post('stream-keys/authorize')
  @HttpCode(200)
  @InternalRoute()
  @Header('Cache-Control', 'no-store')
  @BodySchema(publishAuthorizationRequestSchema)
  @Responds(200, publishAuthorizationSchema)
  authorize(@Body() body: PublishAuthorizationRequest): Promise<PublishAuthorization> {
    return this.media.authorizePublish(body);
  }

  /** What a media node loads at start before it serves anyone. */
  @Get('revocations')
  @InternalRoute()
  @Header('Cache-Control', 'no-store')
  @Responds(200, revocationSnapshotSchema)
  revocations(): Promise<RevocationSnapshot> {
    return this.media.revocations();
  }
}
