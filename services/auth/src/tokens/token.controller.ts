import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ACCESS_TOKEN_ISSUER, BodySchema, Responds } from '@webinar/http';
import { issueAccessToken, type KeySet, MAX_ACCESS_TOKEN_TTL_SECONDS } from '@webinar/security';
import type { FastifyReply } from 'fastify';
import { AUTH_PREFIX } from '../auth.constants';
import { ElevationsService } from '../elevation/elevations.service';
import { ACCESS_KEYS } from '../keys/access-keys';
import { CurrentSession, SessionAuth } from '../sessions/session-auth';
import type { SessionContext } from '../sessions/sessions.service';
import { type AccessTokenBody, accessTokenBody, type AccessTokenView, accessTokenView } from './token.schemas';

/**
 * Whole seconds a token may live so that its `exp` never passes `end`. The signer reads the clock
 * again, possibly in the next second, so count from the next whole second.
 */
export function secondsUntil(end: Date, nowMs = Date.now()): number {
  return Math.floor(end.getTime() / 1000) - Math.ceil(nowMs / 1000);
}

/**
 * Exchanges the session cookie for a short-lived access token for one service (global role and
 * company only). `elv: true` only for a root session with an approved, running elevation, and then
 * the token ends no later than the elevation: at expiry the rights are gone without any message.
 * `mfa: true` only for a session opened with password + second factor (`amr` = `pwd+otp`).
 */
@ApiTags('tokens')
@Controller(AUTH_PREFIX)
export class TokenController {
  constructor(
    @Inject(ACCESS_KEYS) private readonly keys: KeySet,
    private readonly elevations: ElevationsService,
  ) {}

  @Post('token')
  @HttpCode(200)
  @SessionAuth()
  @BodySchema(accessTokenBody)
  @Responds(200, accessTokenView)
  async issue(
    @CurrentSession() session: SessionContext,
    @Body() body: AccessTokenBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccessTokenView> {
    // Never past the session's own end: a token must not outlive the session it came from.
    const untilSessionEnd = Math.floor((session.absoluteExpiresAt.getTime() - Date.now()) / 1000);
    let ttlSeconds = Math.max(1, Math.min(MAX_ACCESS_TOKEN_TTL_SECONDS, untilSessionEnd));
    const elevatedUntil = session.role === 'root' ? await this.elevations.activeUntil(session) : undefined;
    const untilElevationEnd = elevatedUntil ? secondsUntil(elevatedUntil) : 0;
    // The last second of an elevation yields an ordinary token rather than one that outlives it.
    const elevated = untilElevationEnd >= 1;
    if (elevated) ttlSeconds = Math.min(ttlSeconds, untilElevationEnd);
    const mfa = session.amr === 'pwd+otp';
    const accessToken = await issueAccessToken(
      this.keys,
      { userId: session.userId, companyId: session.companyId, role: session.role, sessionId: session.sessionId, elevated, mfa },
      { issuer: ACCESS_TOKEN_ISSUER, audience: body.audience, ttlSeconds },
    );
    void reply.header('cache-control', 'no-store');
    return { accessToken, tokenType: 'Bearer', expiresIn: ttlSeconds, elevated, mfa };
  }
}
