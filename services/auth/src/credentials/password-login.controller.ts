import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BodySchema, HttpErrors, Refuses, Responds } from '@webinar/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AUTH_PREFIX } from '../auth.constants';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.options';
import { type RedeemedView, redeemedView } from '../sessions/session.schemas';
import { AuthRateLimits } from '../rate-limit/auth-rate-limits';
import { SameOriginPublic } from '../sessions/session-auth';
import { startBrowserSession } from '../sessions/session-cookie';
import { type PasswordLoginBody, passwordLoginBody } from './credential.schemas';
import { PasswordLoginService } from './password-login.service';
import { withRetryAfter } from './retry-after';
import { CredentialErrors } from './credential.errors';

@ApiTags('credentials')
@Controller(AUTH_PREFIX)
export class PasswordLoginController {
  constructor(
    private readonly logins: PasswordLoginService,
    private readonly limits: AuthRateLimits,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  /**
   * E-mail + password + TOTP code (or a recovery code) → a new session, as a link login gives.
   * Every refusal is the same 401 AUTH.LOGIN_FAILED; an account backing off gets 429 + Retry-After.
   * Same-origin only, like link redemption (login CSRF).
   */
  @Post('password-login')
  @HttpCode(200)
  @SameOriginPublic()
  @BodySchema(passwordLoginBody)
  @Responds(200, redeemedView)
  @Refuses(HttpErrors.rateLimited, CredentialErrors.loginFailed, CredentialErrors.loginBackoff)
  async login(
    @Body() body: PasswordLoginBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RedeemedView> {
    await this.limits.address('password-login', request.ip);
    const login = await withRetryAfter(reply, () => this.logins.login(body));
    return startBrowserSession(reply, login, this.settings.sessionAbsoluteSeconds);
  }
}
