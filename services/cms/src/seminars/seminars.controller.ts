import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BodySchema, HttpErrors, Refuses, Responds } from '@webinar/http';
import { z } from 'zod';
import { type AccessIdentity, Authenticated, CurrentIdentity, RequireRoles } from '@webinar/security';
import { CMS_PREFIX } from '../cms.constants';
import {
  createSeminarBody,
  type CreateSeminarBody,
  type SeminarView,
  seminarView,
  transitionBody,
  type TransitionBody,
  updateSeminarBody,
  type UpdateSeminarBody,
} from './seminar.schemas';
import { SeminarsService } from './seminars.service';
import { SeminarErrors } from './seminar.errors';
import { TenancyErrors } from '../tenancy/tenancy.errors';

@ApiTags('seminars')
@Controller(`${CMS_PREFIX}/seminars`)
export class SeminarsController {
  constructor(private readonly seminars: SeminarsService) {}

  @Post()
  @HttpCode(201)
  @RequireRoles('admin')
  @BodySchema(createSeminarBody)
  @Responds(201, seminarView)
  @Refuses(TenancyErrors.noCompany)
  create(@CurrentIdentity() identity: AccessIdentity, @Body() body: CreateSeminarBody): Promise<SeminarView> {
    return this.seminars.create(identity, body);
  }

  @Get()
  @RequireRoles('root', 'admin', 'prospect', 'customer')
  @Responds(200, z.array(seminarView))
  @Refuses(HttpErrors.elevationRequired, TenancyErrors.noCompany)
  list(@CurrentIdentity() identity: AccessIdentity): Promise<SeminarView[]> {
    return this.seminars.list(identity);
  }

  @Get(':id')
  @RequireRoles('root', 'admin', 'prospect', 'customer')
  @Responds(200, seminarView)
  @Refuses(SeminarErrors.notFound, HttpErrors.elevationRequired, TenancyErrors.noCompany)
  get(@CurrentIdentity() identity: AccessIdentity, @Param('id') id: string): Promise<SeminarView> {
    return this.seminars.get(identity, id);
  }

  @Patch(':id')
  @RequireRoles('admin')
  @BodySchema(updateSeminarBody)
  @Responds(200, seminarView)
  @Refuses(SeminarErrors.notFound, SeminarErrors.notEditable, SeminarErrors.capacityBelowRegistrations, SeminarErrors.invalidSchedule, TenancyErrors.noCompany)
  update(
    @CurrentIdentity() identity: AccessIdentity,
    @Param('id') id: string,
    @Body() body: UpdateSeminarBody,
  ): Promise<SeminarView> {
    return this.seminars.update(identity, id, body);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @RequireRoles('admin')
  @BodySchema(transitionBody)
  @Responds(200, seminarView)
  @Refuses(SeminarErrors.notFound, SeminarErrors.illegalTransition, TenancyErrors.noCompany)
  transition(
    @CurrentIdentity() identity: AccessIdentity,
    @Param('id') id: string,
    @Body() body: TransitionBody,
  ): Promise<SeminarView> {
    return this.seminars.transition(identity, id, body.to);
  }

  /**
   * Reopens a seminar that ended (e.g. by the stream after a presenter's crash): the admin, or a
   * presenter or moderator of the seminar; every caller needs an mfa token (a grant is a privilege).
   */
  @Post(':id/reopen')
  @HttpCode(200)
  @Authenticated({ mfa: true })
  @Responds(200, seminarView)
  @Refuses(SeminarErrors.notFound, SeminarErrors.reopenNotAllowed, SeminarErrors.illegalTransition, SeminarErrors.reopenWindowPassed, TenancyErrors.noCompany)
  reopen(@CurrentIdentity() identity: AccessIdentity, @Param('id') id: string): Promise<SeminarView> {
    return this.seminars.reopen(identity, id);
  }
}
