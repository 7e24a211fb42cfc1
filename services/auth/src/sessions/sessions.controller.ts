import { Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { AUTH_PREFIX } from '../auth.constants';
import { SessionErrors } from './session.errors';
import type { SessionAmr } from './session.entity';
import { CurrentSession, SessionAuth } from './session-auth';
import { clearSessionCookie } from './session-cookie';
import { type SessionContext, SessionsService, type SessionView } from './sessions.service';
import { Refuses } from '@webinar/http';

export interface WhoAmI {
  user: { id: string; role: string; companyId: string | null };
  session: {
    id: string;
    /** How the session was opened: `link` or `pwd+otp`. */
    amr: SessionAmr;
    /** Whether its access tokens carry `mfa` (privileged actions need it: docs/identity.md). */
    mfa: boolean;
    createdAt: string;
    idleExpiresAt: string;
    absoluteExpiresAt: string;
  };
}

const sessionIdParam = z.uuid();

/** Cookie-authenticated routes (see session-auth.ts for why they are not access-token routes). */
@ApiTags('sessions')
@Controller(AUTH_PREFIX)
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get('session')
  @SessionAuth()
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
  async logout(@CurrentSession() session: SessionContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.revoke(session.userId, session.sessionId, 'logout');
    clearSessionCookie(reply);
  }

  @Get('sessions')
  @SessionAuth()
  list(@CurrentSession() session: SessionContext): Promise<SessionView[]> {
    return this.sessions.list(session);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @SessionAuth()
  @Refuses(SessionErrors.notFound)
  async revoke(@CurrentSession() session: SessionContext, @Param('id') id: string): Promise<void> {
    if (!sessionIdParam.safeParse(id).success) throw SessionErrors.notFound();
    if (!(await this.sessions.revoke(session.userId, id, 'revoked by its user'))) throw SessionErrors.notFound();
  }
}
