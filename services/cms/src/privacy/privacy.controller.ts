import { Body, Controller, Get, Header, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BodySchema, Refuses, Responds } from '@webinar/http';
import { type AccessIdentity, CurrentIdentity, RequireRoles } from '@webinar/security';
import type { FastifyReply } from 'fastify';
import { CMS_PREFIX } from '../cms.constants';
import { ErasureService } from './erasure.service';
import { ExportsService } from './exports.service';
import {
  erasureBody,
  type ErasureBody,
  type ErasureView,
  erasureView,
  type ExportDocument,
  exportFetchView,
  type ExportStatusView,
  exportStatusView,
} from './privacy.schemas';
import { PrivacyErrors } from './privacy.errors';
import { TenancyErrors } from '../tenancy/tenancy.errors';

/**
 * GDPR self-service: the person exports everything held about them, or asks to be erased. The person
 * is always the caller (token); nobody else — no admin, not even elevated root — reads an export.
 */
@ApiTags('privacy')
@Controller(`${CMS_PREFIX}/me`)
export class PrivacyController {
  constructor(
    private readonly exports: ExportsService,
    private readonly erasure: ErasureService,
  ) {}

  /** Starts an export (or answers the open one); fetch it from `GET /cms/me/exports/:id`. */
  @Post('export')
  @HttpCode(202)
  @RequireRoles('admin', 'prospect', 'customer')
  @Responds(202, exportStatusView)
  @Refuses(TenancyErrors.noCompany)
  requestExport(@CurrentIdentity() identity: AccessIdentity): Promise<ExportStatusView> {
    return this.exports.request(identity);
  }

  /** The status while services are still answering; then, once, the assembled JSON as a download. */
  @Get('exports/:id')
  @RequireRoles('admin', 'prospect', 'customer')
  @Header('Cache-Control', 'no-store')
  @Responds(200, exportFetchView)
  @Refuses(PrivacyErrors.exportNotFound, PrivacyErrors.exportDelivered, TenancyErrors.noCompany)
  async fetchExport(
    @CurrentIdentity() identity: AccessIdentity,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ExportStatusView | ExportDocument> {
    const outcome = await this.exports.fetch(identity, id);
    if (outcome.kind === 'pending') return outcome.view;
    reply.header('content-disposition', `attachment; filename="personal-data-${outcome.document.exportId}.json"`);
    return outcome.document;
  }

  /** Erases the caller's personal data here and asks every other service to do the same. */
  @Post('erasure')
  @HttpCode(202)
  @RequireRoles('admin', 'prospect', 'customer')
  @BodySchema(erasureBody)
  @Responds(202, erasureView)
  @Refuses(TenancyErrors.noCompany)
  requestErasure(@CurrentIdentity() identity: AccessIdentity, @Body() _body: ErasureBody): Promise<ErasureView> {
    return this.erasure.request(identity);
  }
}
