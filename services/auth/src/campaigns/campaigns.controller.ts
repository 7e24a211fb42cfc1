import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BodySchema, HttpErrors, QuerySchema, Refuses, Responds } from '@webinar/http';
import { z } from 'zod';
import { type AccessIdentity, CurrentIdentity, RequireRoles } from '@webinar/security';
import { AUTH_PREFIX } from '../auth.constants';
import { CampaignErrors } from './campaign.errors';
import {
  campaignIdParam,
  type CampaignView,
  campaignView,
  type CreateCampaignBody,
  createCampaignBody,
  type ListCampaignsQuery,
  listCampaignsQuery,
} from './campaign.schemas';
import { CampaignsService } from './campaigns.service';

/** Campaign administration: an admin for their own company, root (elevated) for any. */
@ApiTags('campaigns')
@Controller(`${AUTH_PREFIX}/campaigns`)
@RequireRoles('root', 'admin')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @HttpCode(201)
  @BodySchema(createCampaignBody)
  @Responds(201, campaignView)
  @Refuses(HttpErrors.elevationRequired, CampaignErrors.companyRequired, CampaignErrors.otherCompany, CampaignErrors.invalidExpiry, CampaignErrors.unknownCompany)
  create(@CurrentIdentity() identity: AccessIdentity, @Body() body: CreateCampaignBody): Promise<CampaignView> {
    return this.campaigns.create(identity, body);
  }

  @Get()
  @QuerySchema(listCampaignsQuery)
  @Responds(200, z.array(campaignView))
  @Header('cache-control', 'no-store')
  @Refuses(HttpErrors.elevationRequired, CampaignErrors.companyRequired)
  list(@CurrentIdentity() identity: AccessIdentity, @Query() query: ListCampaignsQuery): Promise<CampaignView[]> {
    return this.campaigns.list(identity, query.companyId);
  }

  @Post(':id/revoke')
  @HttpCode(204)
  @Responds(204)
  @Refuses(CampaignErrors.notFound, HttpErrors.elevationRequired, CampaignErrors.companyRequired)
  async revoke(@CurrentIdentity() identity: AccessIdentity, @Param('id') id: string): Promise<void> {
    if (!campaignIdParam.safeParse(id).success) throw CampaignErrors.notFound();
    await this.campaigns.revoke(identity, id);
  }
}
