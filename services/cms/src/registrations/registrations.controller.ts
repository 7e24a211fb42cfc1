import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { BodySchema, HttpErrors, openApiSchemaOf, Refuses, Responds } from '@webinar/http';
import { type AccessIdentity, CurrentIdentity, RequireRoles } from '@webinar/security';
import { z } from 'zod';
import { CMS_PREFIX } from '../cms.constants';
import { registrationBody, type RegistrationBody } from '../people/people.schemas';
import { RegistrationsService } from './registrations.service';
import { type AttendeeView, attendeeView, type RegistrationView, registrationView } from './registration.schemas';
import { PeopleErrors } from '../people/people.errors';
import { RegistrationErrors } from './registration.errors';
import { SeminarErrors } from '../seminars/seminar.errors';
import { TenancyErrors } from '../tenancy/tenancy.errors';

@ApiTags('registrations')
@Controller(`${CMS_PREFIX}/seminars/:id`)
export class RegistrationsController {
  constructor(private readonly registrations: RegistrationsService) {}

  /**
   * The caller registers themself; the person always comes from the token. The body is optional: the
   * registration form's "about you" (display name, organisation, job title, contact e-mail), stored
   * encrypted as the caller's profile.
   */
  @Post('registration')
  @HttpCode(201)
  @RequireRoles('prospect', 'customer')
  @BodySchema(registrationBody)
  // Documents the body as optional (BodySchema marks every body required); the closer decorator wins.
  @ApiBody({ required: false, schema: openApiSchemaOf(registrationBody) })
  @Responds(201, registrationView)
  @Refuses(SeminarErrors.notFound, RegistrationErrors.closed, RegistrationErrors.exists, RegistrationErrors.seminarFull, PeopleErrors.displayNameRequired, TenancyErrors.noCompany)
  register(
    @CurrentIdentity() identity: AccessIdentity,
    @Param('id') id: string,
    @Body() body: RegistrationBody,
  ): Promise<RegistrationView> {
    return this.registrations.register(identity, id, body);
  }

  @Delete('registration')
  @HttpCode(204)
  @RequireRoles('prospect', 'customer')
  @Responds(204)
  @Refuses(SeminarErrors.notFound, RegistrationErrors.notFound, TenancyErrors.noCompany)
  cancel(@CurrentIdentity() identity: AccessIdentity, @Param('id') id: string): Promise<void> {
    return this.registrations.cancel(identity, id);
  }

  @Get('registrations')
  @RequireRoles('root', 'admin')
  @Responds(200, z.array(attendeeView))
  @Refuses(SeminarErrors.notFound, HttpErrors.elevationRequired, TenancyErrors.noCompany)
  list(@CurrentIdentity() identity: AccessIdentity, @Param('id') id: string): Promise<AttendeeView[]> {
    return this.registrations.list(identity, id);
  }
}
