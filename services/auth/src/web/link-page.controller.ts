import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@webinar/security';
import type { FastifyReply } from 'fastify';
import { AUTH_PREFIX } from '../auth.constants';
import { LINK_PAGE_HTML, LINK_PAGE_SCRIPT } from './link-page';

/**
 * The confirmation step of login and invitation links (ASVS 6.4.x: a GET never consumes a link).
 * The content type is set in the handler, not with @Header: a header set by decorator also lands on
 * an error response (say, a refused query string), and a JSON error body labelled text/html is a 500.
 */
@ApiExcludeController()
@Controller(AUTH_PREFIX)
export class LinkPageController {
  @Get('link')
  @Public()
  @Header('referrer-policy', 'no-referrer')
  @Header('cache-control', 'no-store')
  page(@Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.type('text/html; charset=utf-8');
    return LINK_PAGE_HTML;
  }

  @Get('link.js')
  @Public()
  @Header('cache-control', 'no-cache')
  script(@Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.type('text/javascript; charset=utf-8');
    return LINK_PAGE_SCRIPT;
  }
}
