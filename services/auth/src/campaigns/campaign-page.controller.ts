import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { QuerySchema } from '@webinar/http';
import { Public } from '@webinar/security';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { AUTH_PREFIX } from '../auth.constants';
import { redirectToApp } from '../web/redirect-to-app';

/**
 * Newsletters and websites append tracking parameters (utm_source…) to links: the campaign page
 * accepts and ignores any query string rather than answering a visitor with a 400.
 */
const anyTrackingQuery = z.looseObject({});
/** A campaign id is a uuid; anything else is redirected to a page that answers like an unknown one. */
const campaignId = z.uuid();

/**
 * A campaign link and a mailed sign-up link point here; the pages are the browser app's
 * (`/campaign/<id>`, `/campaign-signup`, services/web). The fragment of a sign-up link (its token)
 * survives the redirect without reaching any server.
 */
@ApiExcludeController()
@Controller(AUTH_PREFIX)
export class CampaignPageController {
  /** The same answer whatever the id: whether a campaign exists is nobody's business here. */
  @Get('campaign/:id')
  @Public()
  @QuerySchema(anyTrackingQuery)
  campaign(@Param('id') id: string, @Res() reply: FastifyReply): void {
    redirectToApp(reply, `/campaign/${campaignId.safeParse(id).success ? id : 'unknown'}`);
  }

  @Get('campaign-signup')
  @Public()
  signup(@Res() reply: FastifyReply): void {
    redirectToApp(reply, '/campaign-signup');
  }
}
