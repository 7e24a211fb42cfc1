import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BodySchema, HttpErrors, Refuses, Responds } from '@webinar/http';
import { Public } from '@webinar/security';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AUTH_PREFIX } from '../auth.constants';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.options';
import { AuthRateLimits } from '../rate-limit/auth-rate-limits';
import { SameOriginPublic } from '../sessions/session-auth';
import { startBrowserSession } from '../sessions/session-cookie';
import { EmailProtector } from '../users/email-protector';
import {
  LOGIN_LINK_REQUESTED,
  loginLinkRequested,
  type RedeemLinkBody,
  redeemLinkBody,
  type RequestLoginLinkBody,
  requestLoginLinkBody,
} from './link.schemas';
import { type RedeemedView, redeemedView } from '../sessions/session.schemas';
import { LinksService } from './links.service';
import { LoginRequestsService } from './login-requests.service';
import { LinkErrors } from './link.errors';

@ApiTags('links')
@Controller(AUTH_PREFIX)
export class LinksController {
  constructor(
    private readonly links: LinksService,
    private readonly loginRequests: LoginRequestsService,
    private readonly limits: AuthRateLimits,
    private readonly emails: EmailProtector,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  /** Only this POST consumes a link (a GET never does: mail scanners prefetch links). */
  @Post('links/redeem')
  @HttpCode(200)
  @SameOriginPublic()
  @BodySchema(redeemLinkBody)
  @Responds(200, redeemedView)
  @Refuses(HttpErrors.rateLimited, LinkErrors.invalid)
  async redeem(
    @Body() body: RedeemLinkBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RedeemedView> {
    await this.limits.address('redeem', request.ip);
    const redeemed = await this.links.redeem(body.token);
    return startBrowserSession(reply, redeemed, this.settings.sessionAbsoluteSeconds);
  }

  @Post('login-links')
  @HttpCode(202)
  @Public()
  @BodySchema(requestLoginLinkBody)
  @Responds(202, loginLinkRequested)
  @Refuses(HttpErrors.rateLimited)
  async requestLoginLink(@Body() body: RequestLoginLinkBody, @Req() request: FastifyRequest): Promise<typeof LOGIN_LINK_REQUESTED> {
    await this.limits.address('login-links', request.ip);
    await this.limits.account(this.emails.index(body.email));
    await this.loginRequests.request(body.email);
    return LOGIN_LINK_REQUESTED;
  }
}
