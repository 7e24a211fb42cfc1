import { Body, Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BodySchema, HttpErrors, Refuses, Responds } from '@webinar/http';
import { Public } from '@webinar/security';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AUTH_PREFIX } from '../auth.constants';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.options';
import { type RedeemLinkBody, redeemLinkBody } from '../links/link.schemas';
import { AuthRateLimits } from '../rate-limit/auth-rate-limits';
import { SameOriginPublic } from '../sessions/session-auth';
import { startBrowserSession } from '../sessions/session-cookie';
import { EmailProtector } from '../users/email-protector';
import { CampaignAnswersService } from './campaign-answers.service';
import { CampaignSignupsService } from './campaign-signups.service';
import {
  type AnswerCampaignBody,
  answerCampaignBody,
  CAMPAIGN_ANSWERED,
  campaignAnswered,
  type CampaignSignupRedeemedView,
  campaignSignupRedeemedView,
} from './campaign.schemas';
import { LinkErrors } from '../links/link.errors';

/** The public side of a campaign: answering it (an address in, nothing out) and redeeming the mailed link. */
@ApiTags('campaigns')
@Controller(AUTH_PREFIX)
export class CampaignPublicController {
  constructor(
    private readonly answers: CampaignAnswersService,
    private readonly signups: CampaignSignupsService,
    private readonly limits: AuthRateLimits,
    private readonly emails: EmailProtector,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  /** The same 202 for every campaign id and address (see CAMPAIGN_ANSWERED); no session, no cookie. */
  @Post('campaign/:id')
  @HttpCode(202)
  @Public()
  @BodySchema(answerCampaignBody)
  @Responds(202, campaignAnswered)
  @Refuses(HttpErrors.rateLimited)
  async answer(
    @Param('id') id: string,
    @Body() body: AnswerCampaignBody,
    @Req() request: FastifyRequest,
  ): Promise<typeof CAMPAIGN_ANSWERED> {
    await this.limits.address('campaign-answer', request.ip);
    // Shares the per-address budget of login-link requests: keyed on the blind index, account or not.
    await this.limits.account(this.emails.index(body.email));
    await this.answers.answer(id, body.email);
    return CAMPAIGN_ANSWERED;
  }

  /** Only this POST consumes a sign-up link (a GET never does: mail scanners prefetch links). */
  @Post('campaign-signups/redeem')
  @HttpCode(200)
  @SameOriginPublic()
  @BodySchema(redeemLinkBody)
  @Responds(200, campaignSignupRedeemedView)
  @Refuses(HttpErrors.rateLimited, LinkErrors.invalid)
  async redeem(
    @Body() body: RedeemLinkBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CampaignSignupRedeemedView> {
    await this.limits.address('campaign-redeem', request.ip);
    const redeemed = await this.signups.redeem(body.token);
    return {
      ...startBrowserSession(reply, redeemed, this.settings.sessionAbsoluteSeconds),
      campaign: { seminarId: redeemed.seminarId, accountCreated: redeemed.accountCreated },
    };
  }
}
