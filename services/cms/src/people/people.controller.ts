import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HttpErrors, QuerySchema, Refuses, Responds } from '@webinar/http';
import { z } from 'zod';
import { type AccessIdentity, CurrentIdentity, RequireRoles } from '@webinar/security';
import { CMS_PREFIX } from '../cms.constants';
import { peopleQuery, type PeopleQuery, type PersonView, personView } from './people.schemas';
import { PeopleService } from './people.service';
import { TenancyErrors } from '../tenancy/tenancy.errors';

/** The people of a company, for its admin: lookup by e-mail (a person's own data is under me/). */
@ApiTags('people')
@Controller(CMS_PREFIX)
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  /** An admin finds a person of their company by contact e-mail (exact match through the blind index). */
  @Get('people')
  @RequireRoles('root', 'admin')
  @QuerySchema(peopleQuery)
  @Responds(200, z.array(personView))
  @Refuses(HttpErrors.elevationRequired, TenancyErrors.noCompany)
  find(@CurrentIdentity() identity: AccessIdentity, @Query() query: PeopleQuery): Promise<PersonView[]> {
    return this.people.findByEmail(identity, query.email);
  }
}
