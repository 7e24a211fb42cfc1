import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ACCESS_TOKEN_ISSUER, BodySchema } from '@webinar/http';
import { issueAccessToken, type KeySet, MAX_ACCESS_TOKEN_TTL_SECONDS } from '@webinar/security';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ACCESS_TOKEN_AUDIENCES, AUTH_PREFIX } from '../auth.constants';
import { ACCESS_KEYS } from '../keys/access-keys';
import { CurrentSession, SessionAuth } from '../sessions/session-auth';
import type { SessionContext } from '../sessions/sessions.service';

export const accessTokenBody = z.strictObject({ audience: z.enum(ACCESS_TOKEN_AUDIENCES) });
type AccessTokenBody = z.infer<typeof accessTokenBody>;

export interface AccessTokenView {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** Exchanges the session cookie for a short-lived access token for one service (global role and company only). */
@ApiTags('tokens')
@Controller(AUTH_PREFIX)
export class TokenController {
  constructor(@Inject(ACCESS_KEYS) private readonly keys: KeySet) {}

  @Post('token')
  @HttpCode(200)
  @SessionAuth()
  @BodySchema(accessTokenBody)
  async issue(
    @CurrentSession() session: SessionContext,
    @Body() body: AccessTokenBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccessTokenView> {
    // Never past the session's own end: a token must not outlive the session it came from.
    const untilSessionEnd = Math.floor((session.absoluteExpiresAt.getTime() - Date.now()) / 1000);
    const ttlSeconds = Math.max(1, Math.min(MAX_ACCESS_TOKEN_TTL_SECONDS, untilSessionEnd));
    const accessToken = await issueAccessToken(
      this.keys,
      { userId: session.userId, companyId: session.companyId, role: session.role, sessionId: session.sessionId, elevated: false },
      { issuer: ACCESS_TOKEN_ISSUER, audience: body.audience, ttlSeconds },
    );
    void reply.header('cache-control', 'no-store');
    return { accessToken, tokenType: 'Bearer', expiresIn: ttlSeconds };
  }
}
