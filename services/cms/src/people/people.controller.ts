import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { QuerySchema } from '@webinar/http';
import { type AccessIdentity, CurrentIdentity, RequireRoles } from '@webinar/security';
import { CMS_PREFIX } from '../cms.constants';
import { peopleQuery, type PeopleQuery, type PersonView } from './people.schemas';
import { PeopleService } from './people.service';

/** The people of a company, for its admin: lookup by e-mail (a person's own data is under me/). */
@ApiTags('people')
@Controller(CMS_PREFIX)
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  /** An admin finds a person of their company by contact e-mail (exact match through the blind index). */
  @Get('people')
  @RequireRoles('root', 'admin')
  @QuerySchema(peopleQuery)
  find(@CurrentIdentity() identity: AccessIdentity, @Query() query: PeopleQuery): Promise<PersonView[]> {
    return this.people.findByEmail(identity, query.email);
  }
}
