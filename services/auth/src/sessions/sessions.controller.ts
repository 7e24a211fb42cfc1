import { Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { AUTH_PREFIX } from '../auth.constants';
import { SessionErrors } from './session.errors';
import { CurrentSession, SessionAuth } from './session-auth';
import { clearSessionCookie } from './session-cookie';
import { type SessionContext, SessionsService } from './sessions.service';
import { Refuses, Responds } from '@webinar/http';
import { type SessionView, sessionView, type WhoAmI, whoAmI } from './session.schemas';

const sessionIdParam = z.uuid();

/** Cookie-authenticated routes (see session-auth.ts for why they are not access-token routes). */
@ApiTags('sessions')
@Controller(AUTH_PREFIX)
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get('session')
  @SessionAuth()
  @Responds(200, whoAmI)
  whoAmI(@CurrentSession() session: SessionContext): WhoAmI {
    return {
      user: { id: session.userId, role: session.role, companyId: session.companyId },
      session: {
        id: session.sessionId,
        amr: session.amr,
        mfa: session.amr === 'pwd+otp',
        createdAt: session.createdAt.toISOString(),
        idleExpiresAt: session.idleExpiresAt.toISOString(),
        absoluteExpiresAt: session.absoluteExpiresAt.toISOString(),
      },
    };
  }

  @Post('logout')
  @HttpCode(204)
  @SessionAuth()
  @Responds(204)
  async logout(@CurrentSession() session: SessionContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.revoke(session.userId, session.sessionId, 'logout');
    clearSessionCookie(reply);
  }

  @Get('sessions')
  @SessionAuth()
  @Responds(200, z.array(sessionView))
  list(@CurrentSession() session: SessionContext): Promise<SessionView[]> {
    return this.sessions.list(session);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @SessionAuth()
  @Responds(204)
  @Refuses(SessionErrors.notFound)
  async revoke(@CurrentSession() session: SessionContext, @Param('id') id: string): Promise<void> {
    if (!sessionIdParam.safeParse(id).success) throw SessionErrors.notFound();
    if (!(await this.sessions.revoke(session.userId, id, 'revoked by its user'))) throw SessionErrors.notFound();
  }
}
