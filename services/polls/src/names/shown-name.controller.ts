import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BodySchema, Refuses, Responds } from '@webinar/http';
import { DATABASE, type Database, withTenant } from '@webinar/persistence';
import { type AccessIdentity, CurrentIdentity, RequireRoles } from '@webinar/security';
import { roomCompanyOf } from '../access/room-access';
import { RoomAccessErrors } from '../access/room-access.errors';
import { POLLS_PREFIX } from '../polls.constants';
import { shownNameBody, type ShownNameBody, type ShownName, shownNameView } from './shown-name.schemas';
import { ShownNames } from './shown-names';

/** The caller's own shown name in their company's rooms (`/polls/me/shown-name`): always the token's person. */
@ApiTags('room')
@Controller(POLLS_PREFIX)
export class ShownNameController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly names: ShownNames,
  ) {}

  /** The name the caller's questions and chat messages show; the neutral default until they choose one. */
  @Get('me/shown-name')
  @RequireRoles('admin', 'prospect', 'customer')
  @Responds(200, shownNameView)
  @Refuses(RoomAccessErrors.noCompany)
  read(@CurrentIdentity() identity: AccessIdentity): Promise<ShownName> {
    const companyId = roomCompanyOf(identity);
    return withTenant(this.database.dataSource, { companyId }, (manager) => this.names.of(manager, { companyId, userId: identity.userId }));
  }

  /** Sets it (stored encrypted under the caller's own key). */
  @Put('me/shown-name')
  @RequireRoles('admin', 'prospect', 'customer')
  @BodySchema(shownNameBody)
  @Responds(200, shownNameView)
  @Refuses(RoomAccessErrors.noCompany)
  update(@CurrentIdentity() identity: AccessIdentity, @Body() body: ShownNameBody): Promise<ShownName> {
    const companyId = roomCompanyOf(identity);
    return withTenant(this.database.dataSource, { companyId }, (manager) => this.names.set(manager, { companyId, userId: identity.userId }, body.name));
  }
}
