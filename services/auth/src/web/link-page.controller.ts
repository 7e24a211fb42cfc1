import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@webinar/security';
import type { FastifyReply } from 'fastify';
import { AUTH_PREFIX } from '../auth.constants';
import { redirectToApp } from './redirect-to-app';

/**
 * Where a mailed login or invitation link (`/auth/link#<token>`) points. The confirmation page is the
 * browser app's `/link` (services/web, ASVS 6.4.x: only its button's POST consumes the link); this
 * route only redirects there. The token rides in the fragment, which browsers keep across a redirect
 * and never send to a server, so it reaches neither this route nor a log. Links already mailed keep
 * working.
 */
@ApiExcludeController()
@Controller(AUTH_PREFIX)
export class LinkPageController {
  @Get('link')
  @Public()
  page(@Res() reply: FastifyReply): void {
    redirectToApp(reply, '/link');
  }
}
