import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BodySchema, HttpErrors, QuerySchema, Refuses } from '@webinar/http';
import { type AccessIdentity, CurrentIdentity, RequireRoles } from '@webinar/security';
import { CMS_PREFIX } from '../cms.constants';
import type { PersonData } from './person-data';
import { peopleQuery, type PeopleQuery, type PersonView, type ProfileView, updateProfileBody, type UpdateProfileBody } from './people.schemas';
import { PeopleService } from './people.service';
import { PeopleErrors } from './people.errors';
import { TenancyErrors } from '../tenancy/tenancy.errors';

/** The people of a company: each person's own profile (`/cms/me`), and the admin's lookup by e-mail. */
@ApiTags('people')
@Controller(CMS_PREFIX)
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  /** Everything cms holds about the caller: profile, registrations, grants. */
  @Get('me')
  @RequireRoles('admin', 'prospect', 'customer')
  @Refuses(TenancyErrors.noCompany)
  me(@CurrentIdentity() identity: AccessIdentity): Promise<PersonData> {
    return this.people.me(identity);
  }

  /** The caller edits their own profile (creating it needs a display name). */
  @Patch('me')
  @RequireRoles('admin', 'prospect', 'customer')
  @BodySchema(updateProfileBody)
  @Refuses(PeopleErrors.displayNameRequired, TenancyErrors.noCompany)
  updateMe(@CurrentIdentity() identity: AccessIdentity, @Body() body: UpdateProfileBody): Promise<ProfileView> {
    return this.people.updateMe(identity, body);
  }

  /** An admin finds a person of their company by contact e-mail (exact match through the blind index). */
  @Get('people')
  @RequireRoles('root', 'admin')
  @QuerySchema(peopleQuery)
  @Refuses(HttpErrors.elevationRequired, TenancyErrors.noCompany)
  find(@CurrentIdentity() identity: AccessIdentity, @Query() query: PeopleQuery): Promise<PersonView[]> {
    return this.people.findByEmail(identity, query.email);
  }
}
