import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { QuerySchema } from '@webinar/http';
import { Public } from '@webinar/security';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { AUTH_PREFIX } from '../auth.constants';
import { CAMPAIGN_PAGE_HTML, CAMPAIGN_PAGE_SCRIPT, CAMPAIGN_SIGNUP_PAGE_HTML } from './campaign-page';

/**
 * Newsletters and websites append tracking parameters (utm_source…) to links: the campaign page
 * accepts and ignores any query string rather than answering a visitor with a 400.
 */
const anyTrackingQuery = z.looseObject({});

/** The pages behind a campaign link and a mailed sign-up link (content type set in the handler, as for /auth/link). */
@ApiExcludeController()
@Controller(AUTH_PREFIX)
export class CampaignPageController {
  /** The same page whatever the id: whether a campaign exists is nobody's business here. */
  @Get('campaign/:id')
  @Public()
  @QuerySchema(anyTrackingQuery)
  @Header('referrer-policy', 'no-referrer')
  @Header('cache-control', 'no-store')
  campaign(@Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.type('text/html; charset=utf-8');
    return CAMPAIGN_PAGE_HTML;
  }

  @Get('campaign-signup')
  @Public()
  @Header('referrer-policy', 'no-referrer')
  @Header('cache-control', 'no-store')
  signup(@Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.type('text/html; charset=utf-8');
    return CAMPAIGN_SIGNUP_PAGE_HTML;
  }

  @Get('campaign.js')
  @Public()
  @Header('cache-control', 'no-cache')
  script(@Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.type('text/javascript; charset=utf-8');
    return CAMPAIGN_PAGE_SCRIPT;
  }
}
