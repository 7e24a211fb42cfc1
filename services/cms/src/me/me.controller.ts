import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BodySchema, Refuses, Responds } from '@webinar/http';
import { type AccessIdentity, CurrentIdentity, RequireRoles } from '@webinar/security';
import { CMS_PREFIX } from '../cms.constants';
import { type ProfileView, profileView, updateProfileBody, type UpdateProfileBody } from '../people/people.schemas';
import { type PersonData, personData } from './me.schemas';
import { MeService } from './me.service';
import { PeopleErrors } from '../people/people.errors';
import { TenancyErrors } from '../tenancy/tenancy.errors';

/** A person's own data in their company (`/cms/me`): always the caller from the token, never an id. */
@ApiTags('people')
@Controller(CMS_PREFIX)
export class MeController {
  constructor(private readonly me: MeService) {}

  /** Everything cms holds about the caller: profile, registrations, grants. */
  @Get('me')
  @RequireRoles('admin', 'prospect', 'customer')
  @Responds(200, personData)
  @Refuses(TenancyErrors.noCompany)
  read(@CurrentIdentity() identity: AccessIdentity): Promise<PersonData> {
    return this.me.read(identity);
  }

  /** The caller edits their own profile (creating it needs a display name). */
  @Patch('me')
  @RequireRoles('admin', 'prospect', 'customer')
  @BodySchema(updateProfileBody)
  @Responds(200, profileView)
  @Refuses(PeopleErrors.displayNameRequired, TenancyErrors.noCompany)
  update(@CurrentIdentity() identity: AccessIdentity, @Body() body: UpdateProfileBody): Promise<ProfileView> {
    return this.me.update(identity, body);
  }
}
