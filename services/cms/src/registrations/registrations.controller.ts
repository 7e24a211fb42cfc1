import { Controller, Delete, Get, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ElevatedReadAuditInterceptor } from '../audit/elevated-read-audit.interceptor';
import { type AccessIdentity, CurrentIdentity, RequireRoles } from '@webinar/security';
import { CMS_PREFIX } from '../cms.constants';
import { type RegistrationView, RegistrationsService } from './registrations.service';

@ApiTags('registrations')
@Controller(`${CMS_PREFIX}/seminars/:id`)
@UseInterceptors(ElevatedReadAuditInterceptor)
export class RegistrationsController {
  constructor(private readonly registrations: RegistrationsService) {}

  /** The caller registers themself; the person always comes from the token. */
  @Post('registration')
  @HttpCode(201)
  @RequireRoles('prospect', 'customer')
  register(@CurrentIdentity() identity: AccessIdentity, @Param('id') id: string): Promise<RegistrationView> {
    return this.registrations.register(identity, id);
  }

  @Delete('registration')
  @HttpCode(204)
  @RequireRoles('prospect', 'customer')
  cancel(@CurrentIdentity() identity: AccessIdentity, @Param('id') id: string): Promise<void> {
    return this.registrations.cancel(identity, id);
  }

  @Get('registrations')
  @RequireRoles('root', 'admin')
  list(@CurrentIdentity() identity: AccessIdentity, @Param('id') id: string): Promise<RegistrationView[]> {
    return this.registrations.list(identity, id);
  }
}
