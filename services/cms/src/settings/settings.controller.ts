import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BodySchema, Refuses, Responds } from '@webinar/http';
import { type AccessIdentity, CurrentIdentity, RequireRoles } from '@webinar/security';
import { CMS_PREFIX } from '../cms.constants';
import { settingsBody, type SettingsBody, type SettingsView, settingsView } from './settings.schemas';
import { SettingsService } from './settings.service';
import { TenancyErrors } from '../tenancy/tenancy.errors';

/** The caller's own company's settings; there is no company id in the path to tamper with. */
@ApiTags('settings')
@Controller(`${CMS_PREFIX}/settings`)
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @RequireRoles('admin')
  @Responds(200, settingsView)
  @Refuses(TenancyErrors.noCompany)
  get(@CurrentIdentity() identity: AccessIdentity): Promise<SettingsView> {
    return this.settings.get(identity);
  }

  @Put()
  @RequireRoles('admin')
  @BodySchema(settingsBody)
  @Responds(200, settingsView)
  @Refuses(TenancyErrors.noCompany)
  update(@CurrentIdentity() identity: AccessIdentity, @Body() body: SettingsBody): Promise<SettingsView> {
    return this.settings.update(identity, body);
  }
}
