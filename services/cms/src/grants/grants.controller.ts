import { Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type AccessIdentity, CurrentIdentity, RequireRoles } from '@webinar/security';
import { CMS_PREFIX } from '../cms.constants';
import { z } from 'zod';
import { GrantsService } from './grants.service';
import { HttpErrors, Refuses, Responds } from '@webinar/http';
import { type GrantView, grantView } from './grant.schemas';
import { GrantErrors } from './grant.errors';
import { SeminarErrors } from '../seminars/seminar.errors';
import { TenancyErrors } from '../tenancy/tenancy.errors';

@ApiTags('grants')
@Controller(`${CMS_PREFIX}/seminars/:id/grants`)
export class GrantsController {
  constructor(private readonly grants: GrantsService) {}

  @Get()
  @RequireRoles('root', 'admin')
  @Responds(200, z.array(grantView))
  @Refuses(SeminarErrors.notFound, HttpErrors.elevationRequired, TenancyErrors.noCompany)
  list(@CurrentIdentity() identity: AccessIdentity, @Param('id') id: string): Promise<GrantView[]> {
    return this.grants.list(identity, id);
  }

  @Put(':role/:userId')
  @RequireRoles('admin')
  @Responds(200, grantView)
  @Refuses(SeminarErrors.notFound, GrantErrors.notFound, TenancyErrors.noCompany)
  give(
    @CurrentIdentity() identity: AccessIdentity,
    @Param('id') id: string,
    @Param('role') role: string,
    @Param('userId') userId: string,
  ): Promise<GrantView> {
    return this.grants.give(identity, id, role, userId);
  }

  @Delete(':role/:userId')
  @HttpCode(204)
  @RequireRoles('admin')
  @Responds(204)
  @Refuses(SeminarErrors.notFound, GrantErrors.notFound, TenancyErrors.noCompany)
  withdraw(
    @CurrentIdentity() identity: AccessIdentity,
    @Param('id') id: string,
    @Param('role') role: string,
    @Param('userId') userId: string,
  ): Promise<void> {
    return this.grants.withdraw(identity, id, role, userId);
  }
}
